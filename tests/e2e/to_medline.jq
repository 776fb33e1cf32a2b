# One record of `paperdex parse --json` as MEDLINE, in the variant its
# index picks: wrap width, blank line or not before the next record,
# FAU or AU only, DP alone or with DEP, tags paperdex does not keep.
def wrap(w): if w == 0 then . else
    reduce (split(" ")[] | select(. != "")) as $x ({lines: [], cur: ""};
        if .cur != "" and ((.cur | length) + ($x | length) + 1) > w
        then .lines += [.cur] | .cur = $x
        else .cur = (if .cur == "" then $x else .cur + " " + $x end) end)
    | (.lines + [.cur]) | join("\n      ") end;
def tag(t; v): (t + "    ")[0:4] + "- " + v;
def months: ["Jan","Feb","Mar","Apr","May","Jun","Jul","Aug","Sep","Oct","Nov","Dec"];
def family: split(" ") | last;
def given: split(" ") | .[0:-1] | join(" ");
def initials: given | split(" ") | map(.[0:1] | select(test("^[A-Z]$"))) | join("");
.[] | .key as $i | .value as $p | ($i % 4) as $v | ([60, 45, 90, 0][$v]) as $w |
[ tag("PMID"; "9\($i)"),
  tag("OWN"; "NLM"),
  ( $p.date // "" | split("-") ) as $d |
  ( if ($d | length) == 0 or $d[0] == "" then empty
    elif $v == 2 and ($d | length) == 3 then tag("DP"; "\($d[0]) \(months[($d[1] | tonumber) - 1])"), tag("DEP"; $d | join(""))
    elif ($d | length) == 3 then tag("DP"; "\($d[0]) \(months[($d[1] | tonumber) - 1]) \($d[2] | tonumber)")
    elif ($d | length) == 2 then tag("DP"; "\($d[0]) \(months[($d[1] | tonumber) - 1])")
    else tag("DP"; $d[0]) end ),
  tag("TI"; ($p.title | if test("[.?!]$") then . else . + "." end) | wrap($w)),
  ( if $p.abstract then tag("AB"; $p.abstract | gsub("\\s+"; " ") | wrap($w)) else empty end ),
  ( $p.authors[] | if $v == 1 then tag("AU"; (family + (if initials != "" then " " + initials else "" end)))
                   else tag("FAU"; family + ", " + given), tag("AU"; family) , (if $v == 2 then tag("AD"; "Somewhere, Earth.") else empty end) end ),
  tag("LA"; "eng"),
  ( if $p.ids.doi then tag("LID"; $p.ids.doi + " [doi]") else empty end ),
  ( if $v == 3 then tag("TA"; "Phys Rev D") else tag("JT"; "Physical review. D") end ),
  ( if $v == 2 then tag("MH"; "*Physics"), tag("OT"; "photons") else empty end ),
  ( if $v != 1 then "" else empty end )
] | join("\n")
