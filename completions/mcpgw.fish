# fish completion for mcpgw.
#   install it as /usr/share/fish/vendor_completions.d/mcpgw.fish, or: source completions/mcpgw.fish
#
# Each completion's condition names the subcommands typed so far: `__mcpgw_at register list`
# holds on `mcpgw register list …`, `__mcpgw_is register` on `mcpgw register` before its
# action (__fish_seen_subcommand_from cannot tell `register token` from `token`, nor
# `catalog list` from `register list`). Flags are tables of rows, read by __mcpgw_options.

# The options that take a value (their values are no subcommands); __mcpgw_options fills it.
set -g __mcpgw_valued

# Prints the words typed after `mcpgw` that are neither flags nor the values of flags.
function __mcpgw_words
    set -l skip 0
    for word in (commandline -opc)[2..-1]
        if test $skip = 1
            set skip 0
        else if string match -q -- '--*=*' $word
            continue
        else if string match -q -- '-*' $word
            contains -- $word $__mcpgw_valued; and set skip 1
        else
            echo $word
        end
    end
end

# __mcpgw_at WORD…: the words typed start with WORD….
function __mcpgw_at
    set -l words (__mcpgw_words)
    for i in (seq (count $argv))
        test "$words[$i]" = "$argv[$i]"; or return 1
    end
end

# __mcpgw_in COMMAND ACTION…: the words typed start with COMMAND and one of ACTION….
function __mcpgw_in
    set -l words (__mcpgw_words)
    test "$words[1]" = $argv[1]; and set -q words[2]; and contains -- $words[2] $argv[2..-1]
end

# __mcpgw_is WORD…: the words typed are WORD…, so the next one is the first after them.
function __mcpgw_is
    set -l words (__mcpgw_words)
    test "$words" = "$argv"
end

# __mcpgw_options CONDITION ROW…: a completion for each ROW, "NAMES DESCRIPTION". NAMES is
# --long or -s/--long, ending in = when the option takes a value, =FILE when that is a file,
# =COMMAND when it is a command line and =A|B|… when it is one of A, B, ….
function __mcpgw_options
    set -l condition $argv[1]
    for row in $argv[2..-1]
        set -l spec (string split -m1 ' ' -- $row)
        set -l option (string split -m1 = -- $spec[1])
        set -l names (string split / -- $option[1])
        set -l args -c mcpgw -n $condition -d $spec[2]
        for name in $names
            if string match -q -- '--*' $name
                set -a args -l (string sub -s 3 -- $name)
            else
                set -a args -s (string sub -s 2 -- $name)
            end
        end
        if set -q option[2]
            set -a __mcpgw_valued $names
            switch $option[2]
                case FILE
                    set -a args -r -F
                case COMMAND
                    set -a args -x -a '(__fish_complete_command)'
                case ''
                    set -a args -x
                case '*'
                    set -a args -x -a (string replace -a '|' ' ' -- $option[2])
            end
        end
        complete $args
    end
end

# __mcpgw_actions CONDITION ROW…: the subcommands offered there, "NAME DESCRIPTION".
function __mcpgw_actions
    for row in $argv[2..-1]
        set -l action (string split -m1 ' ' -- $row)
        complete -c mcpgw -n $argv[1] -a $action[1] -d $action[2]
    end
end

# The ids of the catalog the command line names, as `mcpgw catalog list -q` prints them.
function __mcpgw_catalog_ids
    set -l words (commandline -opc)
    set -l catalog
    set -l i (contains -i -- --catalog $words)
    and set catalog --catalog $words[(math $i + 1)]
    # An mcpgw that is not on PATH (run by its path elsewhere) offers no ids, quietly.
    command -q $words[1]; or return
    $words[1] catalog list -q $catalog </dev/null 2>/dev/null
end

complete -c mcpgw -f

__mcpgw_actions __fish_use_subcommand \
    'serve run the gateway: federated MCP servers, virtual servers, a REST API' \
    'translate bridge a stdio MCP server to HTTP, or a remote one to stdio' \
    'wrapper serve a remote MCP server on stdin/stdout, for desktop clients' \
    'token mint, decode and verify JWTs for the gateway, and make their keys' \
    'register manage a running gateway: register, list, change, apply a whole file' \
    'catalog the catalog of MCP servers: list, search, show, install'
__mcpgw_options __fish_use_subcommand '-V/--version print the version and exit'
__mcpgw_options 'true' '-h/--help print help and exit'

# serve: one flag per setting, named after its environment variable (see mcpgw-serve(1)).
for setting in host:HOST port:PORT app-root-path:APP_ROOT_PATH max-body-bytes:MCPGW_MAX_BODY_BYTES \
        max-connections:MCPGW_MAX_CONNECTIONS allowed-origins:ALLOWED_ORIGINS \
        sse-keepalive-interval:SSE_KEEPALIVE_INTERVAL session-ttl:SESSION_TTL max-sessions:MCPGW_MAX_SESSIONS \
        log-level:LOG_LEVEL database-url:DATABASE_URL db-sqlite-busy-timeout:DB_SQLITE_BUSY_TIMEOUT \
        auth-required:AUTH_REQUIRED jwt-secret-key:JWT_SECRET_KEY jwt-algorithm:JWT_ALGORITHM \
        jwt-public-key-path:JWT_PUBLIC_KEY_PATH jwt-private-key-path:JWT_PRIVATE_KEY_PATH \
        jwt-audience:JWT_AUDIENCE jwt-issuer:JWT_ISSUER require-jti:REQUIRE_JTI \
        require-token-expiration:REQUIRE_TOKEN_EXPIRATION basic-auth-user:BASIC_AUTH_USER \
        basic-auth-password:BASIC_AUTH_PASSWORD api-allow-basic-auth:API_ALLOW_BASIC_AUTH \
        mcpgateway-admin-api-enabled:MCPGATEWAY_ADMIN_API_ENABLED auth-encryption-secret:AUTH_ENCRYPTION_SECRET \
        protocol-version:PROTOCOL_VERSION gateway-tool-name-separator:GATEWAY_TOOL_NAME_SEPARATOR \
        tool-timeout:TOOL_TIMEOUT federation-timeout:FEDERATION_TIMEOUT health-check-interval:HEALTH_CHECK_INTERVAL \
        health-check-timeout:HEALTH_CHECK_TIMEOUT unhealthy-threshold:UNHEALTHY_THRESHOLD \
        skip-ssl-verify:SKIP_SSL_VERIFY retry-max-attempts:RETRY_MAX_ATTEMPTS retry-base-delay-ms:RETRY_BASE_DELAY_MS \
        retry-max-delay-ms:RETRY_MAX_DELAY_MS circuit-breaker-failure-threshold:CIRCUIT_BREAKER_FAILURE_THRESHOLD \
        circuit-breaker-reset-seconds:CIRCUIT_BREAKER_RESET_SECONDS rate-limiting-enabled:RATE_LIMITING_ENABLED \
        rate-limit-per-user-rpm:RATE_LIMIT_PER_USER_RPM tool-rate-limit:TOOL_RATE_LIMIT \
        max-concurrent-calls-per-gateway:MAX_CONCURRENT_CALLS_PER_GATEWAY max-concurrent-wait-ms:MAX_CONCURRENT_WAIT_MS \
        stdio-gateways-enabled:STDIO_GATEWAYS_ENABLED stdio-allowed-commands:STDIO_ALLOWED_COMMANDS \
        ssrf-blocked-networks:SSRF_BLOCKED_NETWORKS ssrf-allowed-networks:SSRF_ALLOWED_NETWORKS \
        mcpgateway-catalog-enabled:MCPGATEWAY_CATALOG_ENABLED mcpgateway-catalog-file:MCPGATEWAY_CATALOG_FILE
    set -l flag (string split -m1 : -- $setting)
    set -l value ''
    switch $flag[1]
        case log-level
            set value 'off|error|warn|info|debug'
        case jwt-algorithm
            set value 'HS256|HS384|HS512|RS256|RS384|RS512|ES256|ES384'
        case 'jwt-*-key-path'
            set value FILE
        case gateway-tool-name-separator
            set value '-|--|_|__|.'
        case auth-required 'require-*' api-allow-basic-auth '*-enabled' skip-ssl-verify
            set value 'true|false'
    end
    __mcpgw_options '__mcpgw_at serve' "--$flag[1]=$value the $flag[2] setting"
end
__mcpgw_options '__mcpgw_at serve' '-c/--config=FILE a config file (.toml, .yaml or .yml)'

__mcpgw_options '__mcpgw_at translate' \
    '--stdio=COMMAND command of the stdio MCP server to serve' \
    '--stdioCommand=COMMAND command of the stdio MCP server to serve' \
    '--connect= expose the remote MCP server at URL on stdio' \
    '--connect-sse= like --connect, legacy HTTP+SSE only' \
    '--connect-streamable-http= like --connect, streamable HTTP only' \
    '--oauth2-bearer/--oauth2Bearer= with --connect: send Authorization: Bearer TOKEN' \
    '--host= address to listen on' \
    '--port= port to listen on (0 picks a free one)' \
    '--expose-sse serve legacy HTTP+SSE' \
    '--expose-streamable-http serve streamable HTTP' \
    '--json-response/--jsonResponse answer streamable HTTP with JSON, never SSE' \
    '--stateless no sessions: every client shares one child' \
    '--cors= origin allowed to call from a browser' \
    '--header= header added to every response or request (Name: value)' \
    '--env= environment variable for the child (NAME=value)' \
    '--enable-dynamic-env pass request headers into the child environment' \
    '--header-to-env= copy a request header into the child environment (HEADER=ENV)' \
    '--allowed-host= host name accepted besides loopback names' \
    '--keep-alive/--keepAlive= seconds between SSE keep-alive comments' \
    '--request-timeout= seconds of upstream silence before a request fails' \
    '--session-ttl= seconds an idle session is kept' \
    '--max-sessions= most sessions open at once (0: no limit)' \
    '--max-body-bytes= largest request body accepted' \
    '--max-connections= open HTTP connections at most' \
    '--sse-path/--ssePath= path of the SSE stream' \
    '--message-path/--messagePath= path SSE clients POST to' \
    '--mcp-path/--streamableHttpPath= path of the streamable HTTP endpoint' \
    '--log-level/--logLevel=off|error|warn|info|debug log level'

__mcpgw_options '__mcpgw_at wrapper' \
    "--url= the remote server's MCP endpoint" \
    '--auth= the Authorization header value' \
    '--timeout= seconds a request may take' \
    '--log-level=OFF|ERROR|INFO|DEBUG log level (logs go to stderr)' \
    '--header= header sent with every request (Name: value)' \
    '--era=auto|legacy|modern protocol era to speak to the server'

# token: mints a token, or decode, verify, keygen.
set -l algorithms 'HS256|HS384|HS512|RS256|RS384|RS512|ES256|ES384'
__mcpgw_actions '__mcpgw_is token' \
    "decode show a token's header and claims without verifying it" \
    'verify check signature, exp/nbf, iss, aud and jti' \
    'keygen write a new key pair or HMAC secret'
__mcpgw_options '__mcpgw_at token' \
    '-o/--output=text|json output format' \
    '--pretty indent JSON output'
__mcpgw_options '__mcpgw_is token; or __mcpgw_at token verify' \
    '-s/--secret= HMAC secret (visible in ps)' \
    '--secret-file=FILE file holding the HMAC secret' \
    '--iss/--issuer= issuer (iss)' \
    '--aud/--audience= audience (aud)'
__mcpgw_options '__mcpgw_is token' \
    '-u/--username= subject (sub and username), e.g. an email' \
    '-e/--exp= minutes until the token expires' \
    '--no-expiry-ok allow --exp 0: a token that never expires' \
    '-d/--data= extra claims: JSON, or key=value pairs' \
    '--admin rich token for an administrator' \
    '--teams= rich token: team ids, comma-separated' \
    '--scopes= rich token: scopes' \
    "--full-name= rich token: the user's full name" \
    "--algo=$algorithms signing algorithm" \
    '--private-key=FILE PEM private key for RS*/ES*' \
    '--decode= same as token decode TOKEN --pretty'
__mcpgw_options '__mcpgw_at token verify' \
    "--algo=$algorithms allowed algorithms" \
    '--public-key=FILE PEM public key for RS*/ES* tokens' \
    '--private-key=FILE PEM private key, used for its public half' \
    '--leeway= clock skew allowed on exp and nbf, seconds' \
    '--no-expiry-ok accept tokens without exp' \
    '--no-jti-ok accept tokens without jti'
__mcpgw_options '__mcpgw_at token keygen' \
    "--algo=$algorithms algorithm the key is for" \
    '--out=FILE write PREFIX-private.pem and PREFIX-public.pem' \
    '--private-key=FILE path of the private key to write' \
    '--public-key=FILE path of the public key to write' \
    '--bits=2048|3072|4096 RSA key size' \
    '--secret-file=FILE HS*: write the secret here' \
    '--force replace existing files'

# register and catalog: the flags that name the gateway and the output, before and after the
# action (register export also writes TOML).
for command in register catalog
    set -l formats 'table|json|yaml'
    set -l condition "__mcpgw_at $command; and not __mcpgw_at register export"
    test $command = register; and __mcpgw_options '__mcpgw_at register export' "-o/--output=$formats|toml output format"
    __mcpgw_options "$condition" "-o/--output=$formats output format"
    __mcpgw_options "__mcpgw_at $command" \
        "--url= the gateway's base URL" \
        '--token= bearer token for the gateway' \
        '--token-secret= mint the token with this HMAC secret' \
        '--secret-file=FILE mint the token with the HMAC secret in this file' \
        '-q/--quiet print ids only' \
        '--timeout= seconds to wait for each answer'
end

__mcpgw_actions '__mcpgw_is register' \
    'gateway register an MCP server (streamable HTTP, SSE, or a stdio command)' \
    'server create a virtual server from tools, resources and prompts' \
    'tool register a REST API endpoint as a tool' \
    'openapi register one tool per operation of an OpenAPI 3 document' \
    'prompt keep a prompt template in the gateway' \
    'resource keep a resource (or a URI template) in the gateway' \
    'list list gateways, tools, servers, prompts or resources' \
    'show show one record' \
    'remove delete one record' \
    'enable enable one record' \
    'disable disable one record' \
    "refresh discover a gateway's tools, resources and prompts again" \
    'call call a tool through the gateway and print its result' \
    'token tokens the gateway accepts' \
    'apply make the gateway match YAML, TOML or JSON files' \
    "export write the gateway's configuration in apply's format"
__mcpgw_actions '__mcpgw_is register token' 'revoke revoke a token by its jti, or the token itself'
for action in list show remove enable disable
    complete -c mcpgw -n "__mcpgw_is register $action" -a 'gateways tools servers prompts resources'
end
complete -c mcpgw -n '__mcpgw_is register openapi; or __mcpgw_at register apply' -F

__mcpgw_options '__mcpgw_in register gateway server tool openapi prompt resource' \
    '--tag= tag (repeatable)'
__mcpgw_options '__mcpgw_in register gateway server tool prompt resource' \
    '--description= description'
__mcpgw_options '__mcpgw_in register gateway tool' \
    '--auth-token= bearer token sent upstream' \
    '--auth-basic= USER:PASSWORD sent upstream' \
    '--auth-header= K:V header sent upstream (repeatable)'
__mcpgw_options '__mcpgw_at register gateway' \
    '--command= a stdio server the gateway runs' \
    "--transport=sse|streamable-http the server's transport" \
    '--passthrough-header= client header passed upstream (repeatable)' \
    "--tool-prefix= prefix of the gateway's tool names" \
    "--env= K=V in the stdio server's environment (repeatable)"
__mcpgw_options '__mcpgw_at register server' \
    '--tools= tool ids or names, comma-separated' \
    '--resources= resource ids or URIs, comma-separated' \
    '--prompts= prompt ids or names, comma-separated'
__mcpgw_options '__mcpgw_at register tool' \
    '--method=GET|POST|PUT|PATCH|DELETE HTTP method' \
    "--input-schema=FILE file with the arguments' JSON Schema" \
    "--jq= jq filter applied to the API's answer" \
    '--header= K:V header sent to the API (repeatable)' \
    "--timeout-ms= the call's timeout"
__mcpgw_options '__mcpgw_at register openapi' \
    "--base-url= the API's base URL" \
    "--prefix= prefix of the tools' names" \
    '--include= only this operationId (repeatable)' \
    '--dry-run list the tools without registering them'
__mcpgw_options '__mcpgw_at register prompt' \
    '--template=FILE file with the template, - for stdin' \
    '--arg= argument NAME[:required][:description] (repeatable)'
__mcpgw_options '__mcpgw_at register resource' \
    '--file=FILE file with its content, - for stdin' \
    '--mime-type= its MIME type' \
    '--name= its name'
__mcpgw_options '__mcpgw_at register list' \
    '--gateway= only what this gateway brings' \
    '--tag= only records with this tag (repeatable)' \
    '--all disabled records too'
__mcpgw_options '__mcpgw_at register remove' '-y/--yes do not ask'
__mcpgw_options '__mcpgw_at register call' \
    '--arg= argument K=V (repeatable)' \
    '--json= all arguments as one JSON object'
__mcpgw_options '__mcpgw_at register token revoke' '--reason= why, kept with the revocation'
__mcpgw_options '__mcpgw_at register apply' \
    '-y/--yes apply without asking' \
    '--prune delete what the files do not name' \
    '--dry-run print the plan only'
__mcpgw_options '__mcpgw_at register export' \
    "--include-secrets keep credentials, sealed with the gateway's encryption key"

__mcpgw_actions '__mcpgw_is catalog' \
    "list list the catalog's servers" \
    'search search the catalog' \
    'show show one catalog entry' \
    'install register a catalog entry with the gateway' \
    'import add entries from a file or URL to the catalog' \
    'validate check a catalog file'
__mcpgw_options '__mcpgw_at catalog' \
    '--catalog=FILE the catalog file (default: MCPGW_CATALOG or the built-in one)'
complete -c mcpgw -n '__mcpgw_is catalog show; or __mcpgw_is catalog install' -a '(__mcpgw_catalog_ids)'
complete -c mcpgw -n '__mcpgw_is catalog import; or __mcpgw_is catalog validate' -F
__mcpgw_options '__mcpgw_at catalog list' \
    '--category= only entries of this category' \
    '--tag= only entries with this tag (repeatable)' \
    '--installed only entries registered with the gateway'
__mcpgw_options '__mcpgw_at catalog install' \
    "--name= the gateway's name" \
    "--env= K=V in the server's environment (repeatable)" \
    "--header= K:V header for a remote server (repeatable)" \
    "--api-key= the server's API key" \
    '--no-input never ask; fail when a value is missing'
