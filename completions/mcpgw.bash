# bash completion for mcpgw.
#   source completions/mcpgw.bash
# or install it as /usr/share/bash-completion/completions/mcpgw.
#
# _mcpgw finds the subcommand and hands over to _mcpgw_<subcommand>; adding a subcommand means
# adding its name to _mcpgw_commands and writing its function.

_mcpgw_commands="serve token translate wrapper register catalog"

# Completes the value of the option in $prev; fails when $prev takes no value.
_mcpgw_option_value() {
  local prev=$1 cur=$2
  case "$prev" in
    --algo)
      COMPREPLY=($(compgen -W "HS256 HS384 HS512 RS256 RS384 RS512 ES256 ES384" -- "$cur")) ;;
    -o|--output)
      COMPREPLY=($(compgen -W "text json" -- "$cur")) ;;
    --bits)
      COMPREPLY=($(compgen -W "2048 3072 4096" -- "$cur")) ;;
    --secret-file|--private-key|--public-key|--out)
      COMPREPLY=($(compgen -f -- "$cur")) ;;
    -u|--username|-e|--exp|-d|--data|--teams|--scopes|--full-name|-s|--secret|--iss|--issuer|\
    --aud|--audience|--decode|--leeway)
      COMPREPLY=() ;;
    *)
      return 1 ;;
  esac
}

# mcpgw token [decode|verify|keygen]: $1 is the index of the word "token".
_mcpgw_token() {
  local start=$1 cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
  local i action=""
  for ((i = start + 1; i < COMP_CWORD; i++)); do
    case "${COMP_WORDS[i]}" in
      decode|verify|keygen) action=${COMP_WORDS[i]}; break ;;
    esac
  done
  _mcpgw_option_value "$prev" "$cur" && return

  local common="-o --output --pretty -h --help" flags
  case "$action" in
    decode)
      flags="$common" ;;
    verify)
      flags="--algo -s --secret --secret-file --public-key --private-key --iss --issuer --aud
             --audience --leeway --no-expiry-ok --no-jti-ok $common" ;;
    keygen)
      flags="--algo --out --private-key --public-key --bits --secret-file --force $common" ;;
    *)
      flags="-u --username -e --exp --no-expiry-ok -d --data --admin --teams --scopes
             --full-name --algo -s --secret --secret-file --private-key --iss --issuer --aud
             --audience --decode $common" ;;
  esac
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$flags" -- "$cur"))
  elif [[ -z $action ]]; then
    COMPREPLY=($(compgen -W "decode verify keygen" -- "$cur"))
  else
    COMPREPLY=()
  fi
}

# mcpgw translate: $1 is the index of the word "translate".
_mcpgw_translate() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
  case "$prev" in
    --log-level|--logLevel)
      COMPREPLY=($(compgen -W "off error warn info debug" -- "$cur")); return ;;
    --stdio|--stdioCommand)
      COMPREPLY=($(compgen -c -- "$cur")); return ;;
    --connect|--connect-sse|--connect-streamable-http|--oauth2-bearer|--oauth2Bearer|--host|--port|\
    --cors|--header|--env|--header-to-env|--allowed-host|--keep-alive|--keepAlive|--request-timeout|\
    --session-ttl|--max-sessions|--max-body-bytes|--max-connections|--sse-path|--ssePath|--message-path|--messagePath|\
    --mcp-path|--streamableHttpPath)
      COMPREPLY=(); return ;;
  esac
  COMPREPLY=($(compgen -W "--stdio --stdioCommand --connect --connect-sse --connect-streamable-http
    --oauth2-bearer --oauth2Bearer --host --port --expose-sse --expose-streamable-http --stateless --json-response
    --jsonResponse --cors --header --env --enable-dynamic-env --header-to-env --allowed-host
    --keep-alive --keepAlive --request-timeout --session-ttl --max-sessions --max-body-bytes --max-connections
    --sse-path --ssePath
    --message-path --messagePath --mcp-path --streamableHttpPath --log-level --logLevel -h --help" -- "$cur"))
}

# mcpgw serve: $1 is the index of the word "serve". One flag per setting (see mcpgw-serve(1)).
_mcpgw_serve() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
  case "$prev" in
    -c|--config|--jwt-public-key-path|--jwt-private-key-path)
      COMPREPLY=($(compgen -f -- "$cur")); return ;;
    --log-level)
      COMPREPLY=($(compgen -W "off error warn info debug" -- "$cur")); return ;;
    --jwt-algorithm)
      COMPREPLY=($(compgen -W "HS256 HS384 HS512 RS256 RS384 RS512 ES256 ES384" -- "$cur")); return ;;
    --auth-required|--require-jti|--require-token-expiration|--api-allow-basic-auth|\
    --mcpgateway-admin-api-enabled|--skip-ssl-verify|--stdio-gateways-enabled|--rate-limiting-enabled)
      COMPREPLY=($(compgen -W "true false" -- "$cur")); return ;;
    --gateway-tool-name-separator)
      COMPREPLY=($(compgen -W "- -- _ __ ." -- "$cur")); return ;;
    --*)
      [[ $cur == -* ]] || { COMPREPLY=(); return; } ;;
  esac
  COMPREPLY=($(compgen -W "-c --config --host --port --app-root-path --max-body-bytes --max-connections --allowed-origins
    --sse-keepalive-interval --session-ttl --max-sessions --log-level --database-url --db-sqlite-busy-timeout
    --auth-required --jwt-secret-key --jwt-algorithm --jwt-public-key-path
    --jwt-private-key-path --jwt-audience --jwt-issuer --require-jti --require-token-expiration
    --basic-auth-user --basic-auth-password --api-allow-basic-auth
    --mcpgateway-admin-api-enabled --auth-encryption-secret --protocol-version
    --gateway-tool-name-separator --tool-timeout --federation-timeout --health-check-interval
    --health-check-timeout --unhealthy-threshold --skip-ssl-verify --retry-max-attempts --retry-base-delay-ms
    --retry-max-delay-ms --circuit-breaker-failure-threshold --circuit-breaker-reset-seconds
    --rate-limiting-enabled --rate-limit-per-user-rpm --tool-rate-limit --max-concurrent-calls-per-gateway
    --max-concurrent-wait-ms --stdio-gateways-enabled
    --stdio-allowed-commands --ssrf-blocked-networks --ssrf-allowed-networks
    --mcpgateway-catalog-enabled --mcpgateway-catalog-file -h --help" -- "$cur"))
}

# mcpgw wrapper: $1 is the index of the word "wrapper".
_mcpgw_wrapper() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
  case "$prev" in
    --log-level)
      COMPREPLY=($(compgen -W "OFF ERROR INFO DEBUG" -- "$cur")); return ;;
    --era)
      COMPREPLY=($(compgen -W "auto legacy modern" -- "$cur")); return ;;
    --url|--auth|--timeout|--header)
      COMPREPLY=(); return ;;
  esac
  COMPREPLY=($(compgen -W "--url --auth --timeout --log-level --header --era -h --help" -- "$cur"))
}

# register and catalog: `mcpgw COMMAND [flags] ACTION [operands] [flags]`, the target flags anywhere.
_mcpgw_target_flags="--url --token --token-secret --secret-file -o --output -q --quiet --timeout -h --help"
_mcpgw_target_valued="--url --token --token-secret --secret-file -o --output --timeout"

# Sets _mcpgw_words to the words after index $1, up to the cursor, that are neither flags nor
# the values of the flags listed in $2 (the action first, then its operands).
_mcpgw_operands() {
  local start=$1 valued=" $2 " i skip=0
  _mcpgw_words=()
  for ((i = start + 1; i < COMP_CWORD; i++)); do
    if ((skip)); then skip=0; continue; fi
    case "${COMP_WORDS[i]}" in
      --*=*) ;;
      -*) [[ $valued == *" ${COMP_WORDS[i]} "* ]] && skip=1 ;;
      *) _mcpgw_words+=("${COMP_WORDS[i]}") ;;
    esac
  done
}

# Completes `mcpgw $2`, whose word is at index $1, from the tables of _mcpgw_<$2>_* below:
# _actions (the words an action may be), _valued (the flags that take a value),
# _flags ACTION (prints its flags), _value FLAG ACTION (completes a flag's value; fails when the
# flag takes none) and _operand ACTION N (completes its N-th operand, from 0).
_mcpgw_action_command() {
  local start=$1 command=$2 cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
  local valued="_mcpgw_${command}_valued"
  _mcpgw_operands "$start" "$_mcpgw_target_valued ${!valued}"
  local action=${_mcpgw_words[0]} count=$((${#_mcpgw_words[@]} - 1))
  if [[ " $_mcpgw_target_valued ${!valued} " == *" $prev "* ]]; then
    "_mcpgw_${command}_value" "$prev" "$action" || COMPREPLY=()
  elif [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$("_mcpgw_${command}_flags" "$action") $_mcpgw_target_flags" -- "$cur"))
  elif [[ -z $action ]]; then
    local actions="_mcpgw_${command}_actions"
    COMPREPLY=($(compgen -W "${!actions}" -- "$cur"))
  else
    COMPREPLY=()
    "_mcpgw_${command}_operand" "$action" "$count"
  fi
}

# Completes a target flag's value: -o from the formats in $2, --secret-file a file.
_mcpgw_target_value() {
  case "$1" in
    -o|--output) COMPREPLY=($(compgen -W "$2" -- "$cur")) ;;
    --secret-file) COMPREPLY=($(compgen -f -- "$cur")) ;;
    *) return 1 ;;
  esac
}

_mcpgw_register_actions="gateway server tool openapi prompt resource list show remove enable disable refresh
  call token apply export"
_mcpgw_register_valued="--command --transport --auth-token --auth-basic --auth-header --passthrough-header
  --tool-prefix --env --description --tag --tools --resources --prompts --method --input-schema --jq --header
  --timeout-ms --base-url --prefix --include --template --arg --file --mime-type --name --gateway --json --reason"

_mcpgw_register_flags() {
  case "$1" in
    gateway) echo "--command --transport --auth-token --auth-basic --auth-header --passthrough-header
                   --tool-prefix --env --description --tag" ;;
    server) echo "--tools --resources --prompts --description --tag" ;;
    tool) echo "--method --input-schema --jq --header --auth-token --auth-basic --auth-header --timeout-ms --description --tag" ;;
    openapi) echo "--base-url --prefix --include --tag --dry-run" ;;
    prompt) echo "--template --arg --description --tag" ;;
    resource) echo "--file --mime-type --name --description --tag" ;;
    list) echo "--gateway --tag --all" ;;
    remove) echo "-y --yes" ;;
    call) echo "--arg --json" ;;
    token) echo "--reason" ;;
    apply) echo "-y --yes --prune --dry-run" ;;
    export) echo "--include-secrets" ;;
  esac
}

_mcpgw_register_value() {
  local formats="table json yaml"
  [[ $2 == export ]] && formats+=" toml"
  case "$1" in
    --transport) COMPREPLY=($(compgen -W "sse streamable-http" -- "$cur")) ;;
    --method) COMPREPLY=($(compgen -W "GET POST PUT PATCH DELETE" -- "$cur")) ;;
    --input-schema|--template|--file) COMPREPLY=($(compgen -f -- "$cur")) ;;
    *) _mcpgw_target_value "$1" "$formats" ;;
  esac
}

_mcpgw_register_operand() {
  case "$1:$2" in
    list:0|show:0|remove:0|enable:0|disable:0)
      COMPREPLY=($(compgen -W "gateways tools servers prompts resources" -- "$cur")) ;;
    token:0) COMPREPLY=($(compgen -W "revoke" -- "$cur")) ;;
    openapi:0|apply:*) COMPREPLY=($(compgen -f -- "$cur")) ;;
  esac
}

# mcpgw register ACTION: $1 is the index of the word "register".
_mcpgw_register() {
  _mcpgw_action_command "$1" register
}

_mcpgw_catalog_actions="list search show install import validate"
_mcpgw_catalog_valued="--catalog --category --tag --name --env --header --api-key"

_mcpgw_catalog_flags() {
  local flags="--catalog"
  case "$1" in
    list) flags+=" --category --tag --installed" ;;
    install) flags+=" --name --env --header --api-key --no-input" ;;
  esac
  echo "$flags"
}

_mcpgw_catalog_value() {
  case "$1" in
    --catalog) COMPREPLY=($(compgen -f -- "$cur")) ;;
    *) _mcpgw_target_value "$1" "table json yaml" ;;
  esac
}

# The ids of the catalog the command line names (--catalog, else MCPGW_CATALOG or the built-in
# one), as `mcpgw catalog list -q` prints them; none when that fails.
_mcpgw_catalog_ids() {
  local i catalog=()
  for ((i = 1; i < COMP_CWORD; i++)); do
    [[ ${COMP_WORDS[i]} == --catalog ]] && catalog=(--catalog "${COMP_WORDS[i+1]}")
  done
  "${COMP_WORDS[0]}" catalog list -q "${catalog[@]}" </dev/null 2>/dev/null
}

_mcpgw_catalog_operand() {
  case "$1:$2" in
    show:0|install:0) COMPREPLY=($(compgen -W "$(_mcpgw_catalog_ids)" -- "$cur")) ;;
    import:0|validate:0) COMPREPLY=($(compgen -f -- "$cur")) ;;
  esac
}

# mcpgw catalog ACTION: $1 is the index of the word "catalog".
_mcpgw_catalog() {
  _mcpgw_action_command "$1" catalog
}

_mcpgw() {
  local cur=${COMP_WORDS[COMP_CWORD]} i
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "${COMP_WORDS[i]}" in
      -*) ;;
      *)
        if declare -F "_mcpgw_${COMP_WORDS[i]}" >/dev/null; then
          "_mcpgw_${COMP_WORDS[i]}" "$i"
        fi
        return ;;
    esac
  done
  COMPREPLY=($(compgen -W "$_mcpgw_commands -h --help -V --version" -- "$cur"))
}

complete -F _mcpgw mcpgw
