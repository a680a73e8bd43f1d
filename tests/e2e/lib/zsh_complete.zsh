# zsh -f zsh_complete.zsh FPATH_DIR LINE…: types each LINE into an interactive zsh (on a pseudo
# terminal, with compinit and FPATH_DIR in $fpath), presses TAB, and prints "@@ LINE" followed by
# the matches the completion functions added, one a line ("@@ timeout" when none came back).
zmodload zsh/zpty || exit 2
local dir=$1 line i
shift
local tmp=$(mktemp -d)  # removed at the end: an EXIT trap would also run in zpty's children
local out=$tmp/matches

# Run inside the terminal: every compadd also writes the matches it adds to $out, and a line
# @@done follows once the completion has finished.
print -r -- "PROMPT='> '
LISTMAX=100000
fpath=(${(q)dir} \$fpath)
autoload -U compinit
compinit -u -d $tmp/zcompdump
compadd() {
  if [[ \${@[1,(i)(-|--)]} == *-(O|A|D)\\ * ]]; then builtin compadd \"\$@\"; return; fi
  local -a hits
  builtin compadd -A hits \"\$@\"
  (( \$#hits )) && print -rl -- \$hits >> $out
  builtin compadd \"\$@\"
}
_zsh_complete_done() { print -r -- @@done >> $out }
comppostfuncs=(_zsh_complete_done)
bindkey '^I' complete-word" > $tmp/setup.zsh

for line in "$@"; do
  rm -f $out
  zpty z zsh -f -i
  zpty -w z "source $tmp/setup.zsh"
  zpty -w -n z "$line"$'\t'
  for i in {1..100}; do
    [[ -f $out ]] && grep -qx @@done $out && break
    zpty -r -t z junk
    sleep 0.05
  done
  zpty -d z
  print -r -- "@@ $line"
  if [[ -f $out ]] && grep -qx @@done $out; then
    grep -vx @@done $out | sort -u
  else
    print -r -- "@@ timeout"
  fi
done
rm -rf $tmp
