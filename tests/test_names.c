/*
 * test_names.c — parsing displayed author names and relating spellings.
 */
#include <string.h>

#include "testutil.h"
#include "text/names.h"

static pdx_name parse(const char *s) {
    pdx_name nm;
    assert_int_equal(pdx_name__parse(&nm, s, strlen(s)), PDX_OK);
    return nm;
}

static void assert_key(const char *name, const char *full, const char *initial, const char *initials) {
    pdx_name nm = parse(name);
    pdx_buf b = PDX_BUF_INIT;
    pdx_status st = PDX_OK;
    pdx_name__key_full(&st, &b, &nm);
    assert_string_equal(pdx_buf__str(&b), full);
    pdx_buf__clear(&b);
    pdx_name__key_initial(&st, &b, &nm);
    assert_string_equal(pdx_buf__str(&b), initial);
    pdx_buf__clear(&b);
    pdx_name__key_initials(&st, &b, &nm);
    assert_string_equal(pdx_buf__str(&b), initials);
    assert_int_equal(st, PDX_OK);
    pdx_buf__free(&b);
    pdx_name__free(&nm);
}

static void test_given_surname_and_surname_comma_given_parse_alike(void **state) {
    (void)state;
    assert_key("Jonathan Lorraine", "jonathan lorraine", "j lorraine", "j lorraine");
    assert_key("Lorraine, Jonathan", "jonathan lorraine", "j lorraine", "j lorraine");
    assert_key("R. T. Q. Chen", "r t q chen", "r chen", "rtq chen");
    assert_key("Ricky T.Q. Chen", "ricky t q chen", "r chen", "rtq chen");
    assert_key("JB Rubinovitz", "j b rubinovitz", "j rubinovitz", "jb rubinovitz");
    assert_key("H. Toner", "h toner", "h toner", "h toner");
    assert_key("Jörn-Henrik Jacobsen", "jorn henrik jacobsen", "j jacobsen", "jh jacobsen");
}

static void test_particles_join_the_surname_and_suffixes_are_set_aside(void **state) {
    (void)state;
    pdx_name nm = parse("Sarah de Haas");
    assert_int_equal(nm.n_given, 1);
    assert_string_equal(nm.surname, "de haas");
    assert_string_equal(nm.core, "haas");
    pdx_name__free(&nm);
    nm = parse("Ludwig van der Berg");
    assert_string_equal(nm.surname, "van der berg");
    pdx_name__free(&nm);
    nm = parse("de Haas, Sarah");
    assert_string_equal(nm.surname, "de haas");
    assert_string_equal(nm.given[0], "sarah");
    pdx_name__free(&nm);
    nm = parse("Sean O hEigeartaigh");
    assert_string_equal(nm.surname, "o heigeartaigh");
    assert_int_equal(nm.n_given, 1);
    pdx_name__free(&nm);
    nm = parse("Martin Luther King Jr.");
    assert_string_equal(nm.surname, "king");
    assert_string_equal(nm.suffix, "jr");
    assert_int_equal(nm.n_given, 2);
    pdx_name__free(&nm);
    nm = parse("King, Jr., Martin Luther");
    assert_string_equal(nm.surname, "king");
    assert_string_equal(nm.suffix, "jr");
    assert_string_equal(nm.given[1], "luther");
    pdx_name__free(&nm);
    nm = parse("Ariel Herbert-Voss");
    assert_string_equal(nm.surname, "herbert voss");
    pdx_name__free(&nm);
}

static void test_names_in_other_scripts_parse(void **state) {
    (void)state;
    pdx_name nm = parse("Αλέξανδρος Παπαδόπουλος");
    /* case folding turns the final sigma into σ, so both spellings meet */
    assert_string_equal(nm.surname, "παπαδοπουλοσ");
    assert_string_equal(nm.given[0], "αλεξανδροσ");
    pdx_name__free(&nm);
    nm = parse("Ольга Иванова");
    assert_string_equal(nm.surname, "иванова");
    assert_string_equal(nm.given[0], "ольга");
    pdx_name__free(&nm);
    nm = parse("山田 太郎");
    assert_true(pdx_name__ok(&nm));
    pdx_name__free(&nm);
    nm = parse("   ");
    assert_false(pdx_name__ok(&nm));
    pdx_name__free(&nm);
}

static pdx_name_rel rel(const char *a, const char *b) {
    pdx_name x = parse(a), y = parse(b);
    pdx_name_rel r = pdx_name__compare(&x, &y);
    pdx_name__free(&x);
    pdx_name__free(&y);
    return r;
}

static void test_spellings_of_one_person_are_related(void **state) {
    (void)state;
    assert_int_equal(rel("Jorn-Henrik Jacobsen", "Jörn-Henrik Jacobsen"), PDX_NAME_SAME);
    assert_int_equal(rel("jorn henrik jacobsen", "Jörn-Henrik Jacobsen"), PDX_NAME_SAME);
    assert_int_equal(rel("Lorraine, Jonathan", "Jonathan Lorraine"), PDX_NAME_SAME);
    assert_int_equal(rel("Theo Ryffel", "Th'eo Ryffel"), PDX_NAME_SAME);
    assert_int_equal(rel("Cullen C. O'Keefe", "Cullen C. O’keefe"), PDX_NAME_SAME);
    assert_int_equal(rel("J. Lorraine", "Jonathan Lorraine"), PDX_NAME_COMPAT);
    assert_int_equal(rel("Jonathan Lorraine", "Jon Lorraine"), PDX_NAME_COMPAT);
    assert_int_equal(rel("Ricky T. Q. Chen", "Ricky Chen"), PDX_NAME_COMPAT);
    assert_int_equal(rel("David Scott Krueger", "David Krueger"), PDX_NAME_COMPAT);
    assert_int_equal(rel("Jonathan Lorraine", "Jane Lorraine"), PDX_NAME_OTHER);
    assert_int_equal(rel("Ricky T. Q. Chen", "Ricky X. Chen"), PDX_NAME_OTHER);
    assert_int_equal(rel("Jonathan Lorraine", "Jonathan Lorrain"), PDX_NAME_OTHER);
    assert_int_equal(rel("Ada", "Ada"), PDX_NAME_SAME);
}

static void test_names_match_across_scripts_and_spellings(void **state) {
    (void)state;
    /* Turkish dotless and dotted i */
    assert_int_equal(rel("Işıl Yılmaz", "Isil Yilmaz"), PDX_NAME_SAME);
    assert_int_equal(rel("İnci Özgür", "Inci Ozgur"), PDX_NAME_SAME);
    /* Greek with and without tonos; final sigma */
    assert_int_equal(rel("Γιάννης Παπαδόπουλος", "ΓΙΑΝΝΗΣ ΠΑΠΑΔΟΠΟΥΛΟΣ"), PDX_NAME_SAME);
    /* Cyrillic initials */
    assert_int_equal(rel("О. Иванова", "Ольга Иванова"), PDX_NAME_COMPAT);
    assert_int_equal(rel("Ольга Иванова", "Анна Иванова"), PDX_NAME_OTHER);
    /* Latin letters without decompositions */
    assert_int_equal(rel("Łukasz Wróblewski", "Lukasz Wroblewski"), PDX_NAME_SAME);
    assert_int_equal(rel("Søren Kierkegaard", "Soren Kierkegaard"), PDX_NAME_SAME);
    /* LaTeX-free decomposed input equals composed */
    assert_int_equal(rel("Jo\xcc\x88rg Mu\xcc\x88ller", "Jörg Müller"), PDX_NAME_SAME);
}

static void test_cjk_names_put_the_family_name_first(void **state) {
    (void)state;
    pdx_name a = parse("山田 太郎");
    pdx_name b = parse("山田");
    /* the family name is the first word, matching a bare "山田" */
    assert_string_equal(a.surname, b.surname);
    assert_int_equal(a.n_given, 1);
    pdx_name__free(&a);
    pdx_name__free(&b);
    assert_int_equal(rel("山田 太郎", "山田 太郎"), PDX_NAME_SAME);
    assert_int_equal(rel("山田 太郎", "山田 花子"), PDX_NAME_OTHER);
    assert_int_equal(rel("김 민준", "김 민준"), PDX_NAME_SAME);
    /* no space: one unsplittable name, found only as itself */
    pdx_name c = parse("王小明");
    assert_int_equal(c.n_given, 0);
    assert_true(pdx_name__ok(&c));
    pdx_name__free(&c);
    assert_int_equal(rel("王小明", "王小明"), PDX_NAME_SAME);
    assert_int_equal(rel("王小明", "王小红"), PDX_NAME_OTHER);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_given_surname_and_surname_comma_given_parse_alike),
        cmocka_unit_test(test_particles_join_the_surname_and_suffixes_are_set_aside),
        cmocka_unit_test(test_names_in_other_scripts_parse),
        cmocka_unit_test(test_spellings_of_one_person_are_related),
        cmocka_unit_test(test_names_match_across_scripts_and_spellings),
        cmocka_unit_test(test_cjk_names_put_the_family_name_first),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
