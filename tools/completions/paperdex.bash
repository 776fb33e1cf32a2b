# bash completion for paperdex(1): commands, each command's options,
# --format and --sort values, files and directories where a command reads
# them.  Installed as share/bash-completion/completions/paperdex.

_paperdex() {
    local cur prev cmd
    COMPREPLY=()
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD-1]}
    local commands="ingest parse search author coauthors similar show export remove stats check compact rebuild eval serve serve-shard"

    if [ "$COMP_CWORD" -eq 1 ]; then
        COMPREPLY=($(compgen -W "$commands --help --version" -- "$cur"))
        return
    fi
    cmd=${COMP_WORDS[1]}

    # values of the option just typed
    case $prev in
        --db)
            COMPREPLY=($(compgen -d -- "$cur")); return ;;
        --format)
            if [ "$cmd" = export ]; then
                COMPREPLY=($(compgen -W "bibtex ris csl-json" -- "$cur"))
            else
                COMPREPLY=($(compgen -W "listing profile stream jsonl arxiv bibtex csv tsv html csl-json ris medline labelled" -- "$cur"))
            fi
            return ;;
        --sort)
            COMPREPLY=($(compgen -W "relevance date" -- "$cur")); return ;;
        --feedback)
            COMPREPLY=($(compgen -W "off on auto" -- "$cur")); return ;;
        -j|--jobs)
            COMPREPLY=($(compgen -W "1 2 4 8" -- "$cur")); return ;;
        --source|--run|--qrels)
            COMPREPLY=($(compgen -f -- "$cur")); return ;;
        --batch)
            case $cmd in
                search|author) COMPREPLY=($(compgen -f -- "$cur")) ;;
            esac
            return ;;
        --weighting)
            COMPREPLY=($(compgen -W "bm25 bm25+ lm pl2 dph inl2" -- "$cur")); return ;;
        --stopwords)
            COMPREPLY=($(compgen -W "keep drop" -- "$cur")); return ;;
        --limit|-n|--offset|--min|--wait|--field-map|--query|--depth|--listen|--threads|--max-connections|--timeout|--time-limit|--cors|--shards|--port|--interface)
            return ;;
    esac

    local opts
    case $cmd in
        ingest)    opts="--db --json --format --quiet -q --batch --wait --field-map --jobs -j --shards --help" ;;
        parse)     opts="--json --format --quiet -q --field-map --explain --help" ;;
        search)    opts="--db --json --limit -n --offset --sort --facets --exact-count --feedback --batch --allow-partial --help" ;;
        author)    opts="--db --json --limit -n --offset --exact --sort --exact-count --batch --allow-partial --help" ;;
        coauthors) opts="--db --json --exact --min --allow-partial --help" ;;
        similar)   opts="--db --json --limit -n --offset --facets --exact-count --allow-partial --help" ;;
        show)      opts="--db --json --help" ;;
        export)    opts="--db --limit -n --format --query --help" ;;
        remove)    opts="--db --json --source --help" ;;
        stats)     opts="--db --json --allow-partial --help" ;;
        check)     opts="--db --json --help" ;;
        serve-shard) opts="--db --port --interface --writable --help" ;;
        compact)   opts="--db --help" ;;
        rebuild)   opts="--db --json --quiet -q --help" ;;
        serve)     opts="--db --listen --threads --max-connections --timeout --time-limit --cors --quiet -q --help" ;;
        eval)      opts="--json --db --run --qrels --depth --per-query --weighting --k1 --b --param
                         --title-weight --exact-weight --author-weight --stopwords --near-weight
                         --near-window --feedback --fb-clarity --fb-method --fb-doc-weight --fb-docs
                         --fb-terms --fb-weight --fb-min-matches --fb-rerank --fb-scheme --fb-near
                         --fb-max-df --title-wdf --author-text --help" ;;
        *)         return ;;
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
        return
    fi
    case $cmd in
        ingest|parse) COMPREPLY=($(compgen -f -- "$cur")) ;;
        eval)         COMPREPLY=($(compgen -d -- "$cur")) ;;
    esac
}
complete -o filenames -F _paperdex paperdex
