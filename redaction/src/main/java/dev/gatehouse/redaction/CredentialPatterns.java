package dev.gatehouse.redaction;

import java.util.List;

/**
 * The credential shapes redacted without being known in advance. Each is narrow on purpose: a
 * redactor that eats ordinary words teaches operators to turn it off.
 *
 * <p>Choices worth knowing:
 *
 * <ul>
 *   <li>Header and key names stay visible ({@code Authorization: Bearer [REDACTED:authorization]}),
 *       only the credential goes.
 *   <li>An {@code Authorization} value without a scheme is taken only from 16 characters up, so
 *       prose such as "Authorization: required" survives.
 *   <li>Assignments ({@code password=}, {@code "client_secret": "..."}, {@code token:}): a quoted
 *       value of 6+ characters is always taken (a JSON or YAML credential field is a credential);
 *       an unquoted value only when it has 8+ characters mixing letters and digits, which spares
 *       code ({@code token = getToken()}, {@code password: string}, {@code secret = config.secret})
 *       and misses an all-letter unquoted password. Keys are matched as whole words, so
 *       {@code max_tokens} or {@code token_type} are not credentials; {@code pwd} is left out as it
 *       is mostly the working directory.
 *   <li>Names are lower-case, so they never collide with a known secret's (environment-style) name.
 * </ul>
 *
 * Private-key blocks are found by {@link PrivateKeyBlocks}, not by a regular expression: a block
 * has no useful length bound.
 */
final class CredentialPatterns {

    private CredentialPatterns() {}

    private static final String ASSIGNED_KEY = "(?<![A-Za-z0-9])(?i:password|passwd|secret|token|api[_-]?key"
            + "|access[_-]?key|private[_-]?key|credentials?)(?:[_-]?(?i:key))?(?![A-Za-z0-9])[\"']?\\s{0,4}[:=]\\s{0,4}(?!\\[REDACTED:)";

    private static final String AUTHORIZATION =
            "(?<![A-Za-z0-9-])(?i:(?:proxy-)?authorization)[\"']?\\s{0,4}[:=]\\s{0,4}[\"'\\[]?(?!\\[?REDACTED:)";

    private static final String SCHEME = "(?i:bearer|basic|token|apikey)";

    /** Where an assignment rule starts: the credential-ish word of the key. */
    private static final String[] KEYWORDS = {
        "password", "passwd", "secret", "token", "api", "access", "private", "credential"
    };

    /** Specific shapes first: on a tie between two finds of the same length the earlier name wins. */
    static final List<RegexRule> DEFAULTS = List.of(
            RegexRule.of(
                    "aws-access-key-id",
                    "(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])",
                    0,
                    20, // AKIA + 16
                    20,
                    0,
                    "akia",
                    "asia"),
            RegexRule.of(
                    "aws-secret-access-key",
                    "(?i:aws_?secret_?(?:access_?)?key)[\"']?\\s{0,4}[:=]\\s{0,4}[\"']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])",
                    1,
                    53, // awssecretkey= + 40
                    90,
                    0,
                    "aws"),
            RegexRule.of(
                    "github-token",
                    "(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{30,251}|github_pat_[A-Za-z0-9_]{22,244})(?![A-Za-z0-9_])",
                    0,
                    33, // github_pat_ + 22 (gh?_ + 30 is 34)
                    260,
                    0,
                    "ghp_",
                    "gho_",
                    "ghu_",
                    "ghs_",
                    "ghr_",
                    "github_pat_"),
            RegexRule.of(
                    "slack-token",
                    "(?<![A-Za-z0-9])(?:xox[abeoprs]-|xapp-[0-9]-)[A-Za-z0-9-]{10,250}(?![A-Za-z0-9-])",
                    0,
                    15, // xoxb- + 10
                    260,
                    0,
                    "xox",
                    "xapp-"),
            RegexRule.of(
                    "slack-webhook",
                    "https://hooks\\.slack\\.com/(?:services|workflows|triggers)/[A-Za-z0-9/_-]{10,200}",
                    0,
                    43, // https://hooks.slack.com/ + services/ + 10
                    240,
                    "https://".length(),
                    "hooks.slack.com/"),
            RegexRule.of(
                    "jwt",
                    // JWS: header.payload.signature, header a JSON object (so eyJ in base64url); a
                    // JWE adds two segments, its second (the encrypted key) may be empty.
                    "(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{1,2048}\\.[A-Za-z0-9_-]{0,8192}\\.[A-Za-z0-9_-]{0,4096}"
                            + "(?:\\.[A-Za-z0-9_-]{0,8192}\\.[A-Za-z0-9_-]{0,1024})?",
                    0,
                    6, // eyJ + 1 + ..
                    23_600,
                    0,
                    "eyj"),
            RegexRule.of(
                    "gatehouse-api-key",
                    "(?<![A-Za-z0-9_-])ghk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])",
                    0,
                    64, // the whole key
                    64,
                    0,
                    "ghk_"),
            RegexRule.of(
                    "authorization",
                    AUTHORIZATION + SCHEME + "\\s{1,4}(?!\\[REDACTED:)([^\\s\"'\\\\,;]{1,4096})",
                    1,
                    21, // authorization:basic x
                    4200,
                    "proxy-".length(),
                    "authorization"),
            RegexRule.of(
                    "authorization",
                    AUTHORIZATION + "(?!" + SCHEME + "\\s)([^\\s\"'\\\\,;]{16,4096})",
                    1,
                    30, // authorization: + 16
                    4200,
                    "proxy-".length(),
                    "authorization"),
            RegexRule.of(
                    "url-password",
                    // user:password@ after a scheme; the literal first keeps the scan cheap.
                    "://[^/\\s:@\"']{0,256}:(?!\\[REDACTED:)([^/\\s@\"']{1,256})@",
                    1,
                    6, // ://:p@
                    560,
                    0,
                    "://"),
            RegexRule.of(
                    "credential",
                    ASSIGNED_KEY + "([\"'])(?!\\[REDACTED:)([^\"'\\r\\n]{6,512})\\1",
                    2,
                    14, // token:'123456'
                    600,
                    0,
                    KEYWORDS),
            RegexRule.of(
                    "credential",
                    ASSIGNED_KEY
                            + "(?=[^\\s\"'&;,<>()\\[\\]{}]{0,512}[0-9])(?=[^\\s\"'&;,<>()\\[\\]{}]{0,512}[A-Za-z])"
                            + "([^\\s\"'&;,<>()\\[\\]{}=][^\\s\"'&;,<>()\\[\\]{}]{7,511})",
                    1,
                    14, // token=a1234567
                    600,
                    0,
                    KEYWORDS));
}
