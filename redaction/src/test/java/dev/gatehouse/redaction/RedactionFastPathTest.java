package dev.gatehouse.redaction;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.api.audit.AuditEvent;
import dev.gatehouse.api.tool.ToolOutput;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shortcuts that make clean text cheap (rules skipped where too little text is left, a dense
 * trigger table, no copies of clean maps) never let a credential through, wherever it sits.
 */
class RedactionFastPathTest {

    /** The shortest text each rule of {@link CredentialPatterns#DEFAULTS} matches, in its order. */
    private static final List<String> SHORTEST = List.of(
            "AKIA" + "A".repeat(16),
            "awssecretkey=" + "a".repeat(40),
            "github_pat_" + "a".repeat(22),
            "xoxb-" + "a".repeat(10),
            "https://hooks.slack.com/services/" + "a".repeat(10),
            "eyJa..",
            "ghk_" + "0".repeat(16) + "_" + "a".repeat(43),
            "authorization:basic x",
            "authorization:" + "a".repeat(16),
            "://:p@",
            "token:'123456'",
            "token=a1234567");

    @Test
    void eachRuleDeclaresTheLengthOfItsShortestMatch() {
        assertThat(SHORTEST).hasSameSizeAs(CredentialPatterns.DEFAULTS);
        for (int r = 0; r < SHORTEST.size(); r++) {
            var rule = CredentialPatterns.DEFAULTS.get(r);
            var text = SHORTEST.get(r);
            var m = rule.pattern().matcher(text);

            assertThat(m.lookingAt()).as(rule.name() + " matches " + text).isTrue();
            assertThat(m.end()).as(rule.name()).isEqualTo(text.length());
            assertThat(rule.minLength()).as(rule.name()).isEqualTo(text.length());
            // One character less, anywhere, is no longer a match of this rule.
            for (int cut = 0; cut < text.length(); cut++) {
                var shorter = text.substring(0, cut) + text.substring(cut + 1);
                assertThat(rule.pattern().matcher(shorter).find())
                        .as(rule.name() + " without character " + cut)
                        .isFalse();
            }
        }
    }

    @Test
    void aShortestCredentialIsRedactedAloneAtTheEndAndAtTheStartOfAText() {
        var redactor = SecretRedactor.patternsOnly();
        for (var text : SHORTEST) {
            for (var placed : List.of(text, "x " + text, text + " x", "\"" + text + "\"")) {
                assertThat(redactor.redact(placed))
                        .as(placed)
                        .contains("[REDACTED:")
                        .isNotEqualTo(placed);
            }
        }
    }

    @Test
    void everyMatchInTheShapeCorpusIsAtLeastItsRulesShortest() {
        CredentialShapesTest.shapes().forEach(args -> {
            var text = ((String) args.get()[2]).replace("{}", (String) args.get()[1]);
            for (var rule : CredentialPatterns.DEFAULTS) {
                rule.pattern().matcher(text).results().forEach(m -> assertThat(m.end() - m.start())
                        .as(rule.name() + " in " + text)
                        .isGreaterThanOrEqualTo(rule.minLength()));
            }
        });
    }

    /** Where a string can sit in what the host redacts. */
    private static final List<Function<String, Object>> POSITIONS = List.of(
            s -> event(s, Map.of("tool", "noop")),
            s -> event("key:bench", fields("authorization", s)),
            s -> event("key:bench", fields(s, "scopes")),
            s -> event("key:bench", fields("list", List.of("ok", s))),
            s -> new ToolOutput(List.of(new ToolOutput.Content.Text(s)), Optional.empty(), false),
            s -> new ToolOutput(List.of(new ToolOutput.Content.Text("ok")), Optional.of(fields("result", s)), false));

    private static AuditEvent event(String principal, Map<String, Object> fields) {
        return new AuditEvent(Instant.EPOCH, "tool.call", principal, fields);
    }

    /** A host-like record: some clean fields first and last, so a change in the middle must copy. */
    private static Map<String, Object> fields(String key, Object value) {
        var fields = new LinkedHashMap<String, Object>();
        fields.put("tool", "bench_noop");
        fields.put("outcome", "ok");
        fields.put(key, value);
        fields.put("duration_us", 12L);
        fields.put("client", "127.0.0.1");
        return fields;
    }

    private static Object redact(SecretRedactor redactor, Object value) {
        return switch (value) {
            case AuditEvent e -> redactor.redact(e);
            case ToolOutput o -> redactor.redact(o);
            default -> throw new IllegalArgumentException();
        };
    }

    @ParameterizedTest(name = "{0} in {2}")
    @MethodSource("dev.gatehouse.redaction.CredentialShapesTest#shapes")
    void aCredentialShapeIsRedactedInEveryPositionOfAnEventOrOutput(String name, String credential, String context) {
        var redactor = SecretRedactor.patternsOnly();
        for (var text : List.of(context.replace("{}", credential), credential)) {
            if (text.equals(credential) && !standsAlone(name)) {
                continue;
            }
            for (var position : POSITIONS) {
                var original = position.apply(text);

                var out = redact(redactor, original);

                assertThat(out).isNotSameAs(original);
                assertThat(out.toString()).doesNotContain(credential).contains("[REDACTED:");
                // What was clean around it is still there, in its order.
                if (out instanceof AuditEvent e && e.fields().containsKey("duration_us")) {
                    assertThat(new ArrayList<>(e.fields().keySet()).getFirst()).isEqualTo("tool");
                    assertThat(e.fields()).containsEntry("duration_us", 12L).containsEntry("client", "127.0.0.1");
                }
            }
        }
    }

    /** Shapes recognised without the words around them (the others need their key or header). */
    private static boolean standsAlone(String name) {
        return !List.of("aws-secret-access-key", "authorization", "url-password", "credential")
                .contains(name);
    }

    @Test
    void aKnownSecretIsRedactedInEveryPosition() {
        var secret = "sk-live-4f9a8b7c6d5e";
        var redactor = SecretRedactor.builder().secret("STRIPE_KEY", secret).build();
        for (var position : POSITIONS) {
            for (var text : List.of(secret, "a" + secret, secret + "z")) {
                var out = redact(redactor, position.apply(text));

                assertThat(out.toString()).doesNotContain(secret).contains("[REDACTED:STRIPE_KEY]");
            }
        }
    }

    @Test
    void cleanEventsAndOutputsComeBackAsTheSameInstance() {
        var redactor = SecretRedactor.builder()
                .secret("STRIPE_KEY", "sk-live-4f9a8b7c6d5e")
                .build();
        for (var position : POSITIONS) {
            var original = position.apply("authorization token password secret api access private scopes");

            assertThat(redact(redactor, original)).isSameAs(original);
        }
    }

    @Test
    void theDenseAndTheSparseAutomatonFindWhatABruteForceSearchFinds() {
        var rng = new Random(7);
        var small = List.of("to", "token", "ok", "ken", "authorization", "api", "pi", "xox", "\u00e9t\u00e9");
        var large = new ArrayList<String>();
        for (int i = 0; i < 400; i++) {
            large.add(randomText(rng, 3 + rng.nextInt(12), "abcdeot\u00e9"));
        }
        assertThat(AhoCorasick.of(small).states()).isLessThanOrEqualTo(AhoCorasick.DENSE_MAX_STATES);
        assertThat(AhoCorasick.of(large).states()).isGreaterThan(AhoCorasick.DENSE_MAX_STATES);
        for (var patterns : List.of(small, large)) {
            var automaton = AhoCorasick.of(patterns);
            for (int round = 0; round < 200; round++) {
                var text = randomText(rng, rng.nextInt(300), "abcdeiknoprtxz\u00e9 ");
                var found = new ArrayList<String>();
                automaton.scan(text, 0, text.length(), (start, end, id) -> found.add(start + ":" + end));

                assertThat(found).as(text).isEqualTo(bruteForce(patterns, text));
            }
        }
    }

    /** The longest pattern ending at each position. */
    private static List<String> bruteForce(List<String> patterns, String text) {
        var hits = new ArrayList<String>();
        for (int end = 1; end <= text.length(); end++) {
            int best = 0;
            for (var p : patterns) {
                if (p.length() > best && text.startsWith(p, end - p.length()) && end - p.length() >= 0) {
                    best = p.length();
                }
            }
            if (best > 0) {
                hits.add((end - best) + ":" + end);
            }
        }
        return hits;
    }

    private static String randomText(Random rng, int length, String alphabet) {
        var sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(rng.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    @Test
    void aTextRememberedAsCleanIsStillRedactedByARedactorThatKnowsItAsASecret() {
        var text = "s3cr3t-value-42";
        var before = SecretRedactor.patternsOnly();
        assertThat(before.redact(text)).isSameAs(text);
        assertThat(before.redact(new String(text))).isEqualTo(text);

        var after = SecretRedactor.builder().secret("db_password", text).build();
        assertThat(after.redact(text)).isEqualTo("[REDACTED:db_password]");
        assertThat(after.redact(new String(text))).isEqualTo("[REDACTED:db_password]");
    }

    @Test
    void manyCleanAndDirtyShortTextsAnsweredTwiceGiveTheSameAnswerBothTimes() {
        // More texts than the memo has slots, so slots collide and are overwritten: a dirty text
        // sharing a slot with a clean one must never be taken for it.
        var redactor = SecretRedactor.builder().secret("k", "hunter2hunter2").build();
        var texts = new ArrayList<String>();
        var random = new Random(7);
        for (int i = 0; i < 5_000; i++) {
            var word = Integer.toString(random.nextInt(1 << 20), 36);
            texts.add(i % 3 == 0 ? word + "hunter2hunter2" : word);
        }
        texts.addAll(SHORTEST);
        var first = texts.stream().map(redactor::redact).toList();
        var second = texts.stream().map(t -> redactor.redact(new String(t))).toList();
        assertThat(second).isEqualTo(first);
        for (int i = 0; i < texts.size(); i++) {
            if (texts.get(i).contains("hunter2hunter2") || SHORTEST.contains(texts.get(i))) {
                assertThat(second.get(i)).as(texts.get(i)).contains("[REDACTED:");
            }
        }
    }
}
