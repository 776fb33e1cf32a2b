/*
 * cli_text.c — output of the command for people: ranked lists with the
 * matched words in bold on a terminal, and records in full.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

#define BOLD "\033[1m"
#define DIM "\033[2m"
#define RESET "\033[0m"

/* NO_COLOR (no-color.org: set and not empty) and TERM=dumb (a terminal
 * that shows escapes as text: Emacs shell, some CI logs) turn it off. */
bool cli_color(FILE *out) {
    const char *nc = getenv("NO_COLOR");
    return isatty(fileno(out)) && !(nc && *nc) && cli_ansi();
}

bool cli_ansi(void) {
    const char *term = getenv("TERM");
    return !(term && strcmp(term, "dumb") == 0);
}

static void print_authors(FILE *out, const pdx_paper *p, size_t max) {
    size_t n = pdx_paper_author_count(p);
    for (size_t i = 0; i < n && i < max; i++)
        fprintf(out, "%s%s", i ? ", " : "", pdx_paper_author(p, i));
    if (n > max)
        fprintf(out, " and %zu more", n - max);
    else if (pdx_paper_authors_truncated(p))
        fputs(" et al.", out);
    if (n == 0)
        fputs("(no authors listed)", out);
}

/* `similar`: "papers similar to 'Title'" instead of "matching 'id'" */
static void results(FILE *out, const char *query, const char *similar_to, const pdx_results *r,
                    bool author, bool color) {
    size_t n = pdx_results_count(r);
    unsigned long long total = (unsigned long long)pdx_results_total(r);
    const char *sugg = author || similar_to ? NULL : pdx_results_suggestion(r);
    /* an estimate of Xapian's is shown as one */
    const char *about = pdx_results_total_exact(r) ? "" : "about ";
    if (n == 0 && total > 0) {
        /* --limit 0, or an offset past the last hit */
        fprintf(out, "%s%llu paper%s %s '%s'.\n", about, total, total == 1 ? "" : "s",
                similar_to ? "similar to" : author ? "by" : "matching",
                similar_to ? similar_to : query);
        return;
    }
    if (n == 0 && similar_to) {
        fprintf(out, "No papers similar to '%s'.\n", similar_to);
        return;
    }
    if (n == 0) {
        fprintf(out, "No papers %s '%s'.\n", author ? "by" : "match", query);
        if (sugg)
            fprintf(out, "Did you mean: %s\n", sugg);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        const pdx_paper *p = pdx_results_paper(r, i);
        fprintf(out, "%3u. %s%s%s", pdx_results_rank(r, i), color ? BOLD : "", pdx_paper_title(p),
                color ? RESET : "");
        if (author && pdx_results_match(r, i) == PDX_MATCH_VARIANT)
            fprintf(out, "  [variant: %s]", pdx_results_matched_author(r, i));
        if (pdx_results_expanded(r, i))
            fputs("  [related: no query word]", out);
        fputs("\n     ", out);
        print_authors(out, p, 8);
        if (pdx_paper_year(p))
            fprintf(out, " · %d", pdx_paper_year(p));
        if (pdx_paper_category(p))
            fprintf(out, " · %s", pdx_paper_category(p));
        if (pdx_paper_venue(p))
            fprintf(out, " · %s", pdx_paper_venue(p));
        fprintf(out, "\n     %s%s%s  id %s\n", color ? DIM : "", pdx_paper_source(p, 0),
                color ? RESET : "", pdx_paper_id(p));
        const char *snip = pdx_results_snippet(r, i);
        if (*snip) {
            fprintf(out, "     %s\n", snip);
        }
        fputc('\n', out);
    }
    size_t related = 0;
    for (size_t i = 0; i < n; i++)
        related += pdx_results_expanded(r, i);
    if (similar_to)
        fprintf(out, "%zu of %s%llu paper%s similar to '%s'", n, about, total,
                total == 1 ? "" : "s", similar_to);
    else
        fprintf(out, "%zu of %s%llu paper%s %s '%s'", n - related, about, total,
                total == 1 ? "" : "s", author ? "by" : "matching", query);
    if (related && !similar_to)
        fprintf(out, ", and %zu related paper%s", related, related == 1 ? "" : "s");
    fputs(".\n", out);
    if (sugg)
        fprintf(out, "Did you mean: %s\n", sugg);
}

void cli_text_results(FILE *out, const char *query, const pdx_results *r, bool author, bool color) {
    results(out, query, NULL, r, author, color);
}

void cli_text_similar(FILE *out, const char *title, const pdx_results *r, bool color) {
    results(out, title, title, r, false, color);
}

void cli_text_facets(FILE *out, const pdx_results *r) {
    static const char *const names[] = {"year", "category", "author"};
    for (int k = 0; k < 3; k++) {
        size_t n = pdx_results_facet_count(r, (pdx_facet)k);
        if (!n)
            continue;
        fprintf(out, "%-9s", names[k]);
        for (size_t i = 0; i < n; i++) {
            uint64_t c = 0;
            const char *v = pdx_results_facet(&c, r, (pdx_facet)k, i);
            fprintf(out, "%s %s (%llu)", i ? "," : "", v, (unsigned long long)c);
        }
        fputc('\n', out);
    }
}

void cli_text_coauthors(FILE *out, const pdx_coauthors *c) {
    size_t papers = pdx_coauthors_papers(c);
    fprintf(out, "%s: %zu paper%s, %zu coauthor%s\n", pdx_coauthors_author(c), papers,
            papers == 1 ? "" : "s", pdx_coauthors_count(c), pdx_coauthors_count(c) == 1 ? "" : "s");
    for (size_t i = 0; i < pdx_coauthors_count(c); i++) {
        fprintf(out, "%5zu  %s", pdx_coauthors_shared(c, i), pdx_coauthors_name(c, i));
        size_t nv = pdx_coauthors_variant_count(c, i);
        if (nv > 1) {
            fputs("  (also written", out);
            for (size_t j = 1; j < nv; j++)
                fprintf(out, "%s %s", j > 1 ? "," : "", pdx_coauthors_variant(c, i, j));
            fputc(')', out);
        }
        size_t na = pdx_coauthors_ambiguous_count(c, i);
        if (na) {
            fputs("  (could be", out);
            for (size_t j = 0; j < na; j++)
                fprintf(out, "%s %s", j ? " or" : "", pdx_coauthors_ambiguous(c, i, j));
            fputc(')', out);
        }
        fputc('\n', out);
    }
}

void cli_text_paper_citation(FILE *out, const pdx_paper *p) {
    if (pdx_paper_volume(p))
        fprintf(out, "  volume:    %s\n", pdx_paper_volume(p));
    if (pdx_paper_number(p))
        fprintf(out, "  number:    %s\n", pdx_paper_number(p));
    if (pdx_paper_pages(p))
        fprintf(out, "  pages:     %s\n", pdx_paper_pages(p));
    if (pdx_paper_journal_ref(p))
        fprintf(out, "  journal-ref: %s\n", pdx_paper_journal_ref(p));
    if (pdx_paper_extid(p, "doi"))
        fprintf(out, "  doi:       %s\n", pdx_paper_extid(p, "doi"));
    if (pdx_paper_extid(p, "arxiv"))
        fprintf(out, "  arxiv:     %s\n", pdx_paper_extid(p, "arxiv"));
    if (pdx_paper_extid(p, "bibtex"))
        fprintf(out, "  bibtex:    %s\n", pdx_paper_extid(p, "bibtex"));
}

void cli_text_paper(FILE *out, const pdx_paper *p, bool color) {
    fprintf(out, "%s%s%s%s\n", color ? BOLD : "", pdx_paper_title(p), color ? RESET : "",
            pdx_paper_title_derived(p) ? "  (title taken from the abstract)" : "");
    fprintf(out, "  id:        %s\n", pdx_paper_id(p));
    fputs("  authors:   ", out);
    print_authors(out, p, (size_t)-1);
    fputc('\n', out);
    for (size_t i = 0; i < pdx_paper_author_count(p); i++)
        if (pdx_paper_author_flags(p, i) & PDX_AUTHOR_IMPLIED)
            fprintf(out, "             (%s: implied by the profile page)\n", pdx_paper_author(p, i));
    if (pdx_paper_date(p))
        fprintf(out, "  date:      %s\n", pdx_paper_date(p));
    else if (pdx_paper_year(p))
        fprintf(out, "  year:      %d\n", pdx_paper_year(p));
    if (pdx_paper_category(p))
        fprintf(out, "  category:  %s\n", pdx_paper_category(p));
    if (pdx_paper_venue(p))
        fprintf(out, "  venue:     %s\n", pdx_paper_venue(p));
    cli_text_paper_citation(out, p);
    if (pdx_paper_affiliation_count(p)) {
        fputs("  affiliations: ", out);
        for (size_t i = 0; i < pdx_paper_affiliation_count(p); i++)
            fprintf(out, "%s%s", i ? ", " : "", pdx_paper_affiliation(p, i));
        fputc('\n', out);
    }
    if (pdx_paper_code(p))
        fputs("  code:      yes\n", out);
    fprintf(out, "  format:    %s\n", pdx_paper_format(p));
    for (size_t i = 0; i < pdx_paper_source_count(p); i++)
        fprintf(out, "  source:    %s\n", pdx_paper_source(p, i));
    if (pdx_paper_abstract(p))
        fprintf(out, "\n%s%s\n", pdx_paper_abstract(p),
                pdx_paper_abstract_truncated(p) ? " […]" : "");
    fputc('\n', out);
}

void cli_text_stats(FILE *out, const pdx_stats *s, const char *db) {
    fprintf(out, "database: %s\npapers:   %llu\n", db, (unsigned long long)s->papers);
    if (s->terms_counted)
        fprintf(out, "authors:  %llu\nterms:    %llu\n", (unsigned long long)s->authors,
                (unsigned long long)s->terms);
    else
        fputs("authors and terms: not counted over remote shards (each count would stream "
              "every term of every server)\n",
              out);
}

void cli_text_removal(FILE *out, const pdx_removal *r) {
    for (size_t i = 0; i < r->n_removed; i++)
        fprintf(out, "removed  %s\n", r->removed[i]);
    for (size_t i = 0; i < r->n_updated; i++)
        fprintf(out, "updated  %s  (kept for its other sources)\n", r->updated[i]);
    fprintf(out, "%zu removed, %zu updated\n", r->n_removed, r->n_updated);
}
