# bash completion for mcpgw.
#   source completions/mcpgw.bash
# or install it as /usr/share/bash-completion/completions/mcpgw.
#
# _mcpgw finds the subcommand and hands over to _mcpgw_<subcommand>; adding a subcommand means
# adding its name to _mcpgw_commands and writing its function.

_mcpgw_commands="serve token translate wrapper"

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
    --stdio-allowed-commands --ssrf-blocked-networks --ssrf-allowed-networks -h --help" -- "$cur"))
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
