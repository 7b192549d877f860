package dev.gatehouse.redaction;

import dev.gatehouse.api.audit.AuditEvent;
import dev.gatehouse.api.tool.ToolOutput;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Replaces secrets in text that is about to leave the host with {@code [REDACTED:<name>]}.
 *
 * <p>Two kinds of secret are found:
 *
 * <ul>
 *   <li><b>known values</b>, each under its name (e.g. {@code [REDACTED:ACME_CRM_TOKEN]}), in every
 *       form listed by {@link SecretEncodings}: as is, base64 and base64url with and without
 *       padding (also inside a longer base64 blob), URL-encoded. All forms of all secrets are found
 *       in one pass by an Aho-Corasick automaton, so the cost does not grow with their number.
 *   <li><b>credential shapes</b> nobody told us about, under a lower-case generic name: AWS access
 *       key ids, GitHub and Slack tokens, Slack webhooks, JWTs, PEM private-key blocks,
 *       {@code Authorization} header values, Gatehouse API keys, passwords in URLs, and credential
 *       assignments ({@code password=...}); see {@link CredentialPatterns} for what each takes and
 *       what it leaves.
 * </ul>
 *
 * Overlapping finds become one replacement over their union, named after the longest (a known
 * name beats a generic one of the same length); adjacent ones stay separate.
 *
 * <p>Values shorter than {@value #MIN_SECRET_LENGTH} characters are <em>not</em> redacted by value:
 * searching for "1234" or "admin" would shred ordinary output. They are counted ({@link
 * #shortSecretsSkipped()}) and named ({@link #namesNotRedactedByValue()}) so the host can warn the
 * operator; the code that holds them must still never log them.
 *
 * <p>Input of any size is accepted. Known values and private-key blocks are found in one linear pass
 * over the whole text. The shapes' regular expressions are tried only where one of their trigger
 * words occurs, over chunks of {@value #CHUNK_CHARS} characters that each read up to the longest
 * possible match past their end, so a credential across a chunk border is still found whole.
 *
 * <p>Instances are immutable and safe to share between threads; when the set of known secrets
 * changes, build a new one and install it in a {@link RedactorRegistry}. {@link #toString()} shows
 * counts, never values.
 */
public final class SecretRedactor {

    /** Known values shorter than this are not searched for (see the class comment). */
    public static final int MIN_SECRET_LENGTH = 8;

    /** Characters per chunk of regular-expression matching. */
    public static final int CHUNK_CHARS = 128 * 1024;

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_./:-]{0,127}");

    private final List<String> names;
    private final AhoCorasick values;
    private final int[] valueLabels;
    private final ShapeFinder shapes;
    private final int privateKeyLabel;
    private final int secrets;
    private final Set<String> tooShort;

    /** Short texts memoised as clean; longer ones are always scanned. */
    static final int MEMO_MAX_CHARS = 64;

    private static final int MEMO_SLOTS = 1024;

    /**
     * Short texts this redactor has already scanned and found clean, one per slot by hash. Audit
     * events repeat the same field names and values (tool, plugin, outcome, surface, client) on
     * every call; a hit costs a hash and an equals instead of a scan. Sound because a redactor is
     * immutable, so its answer for equal texts never changes, and a new set of secrets is a new
     * redactor with an empty memo. Racy by design: a slot holds a reference or null, either is a
     * correct answer, and a lost write only costs a scan. Bounded: 1,024 strings of at most
     * {@value #MEMO_MAX_CHARS} characters.
     */
    private final String[] clean = new String[MEMO_SLOTS];

    private SecretRedactor(Builder b) {
        var labels = new LinkedHashMap<String, Integer>();
        var forms = new ArrayList<String>();
        var formLabels = new ArrayList<Integer>();
        for (var s : b.secrets) {
            int label = labels.computeIfAbsent(s.name(), n -> labels.size());
            for (var form : SecretEncodings.of(s.value())) {
                if (form.length() >= MIN_SECRET_LENGTH) {
                    forms.add(form);
                    formLabels.add(label);
                }
            }
        }
        this.values = forms.isEmpty() ? null : AhoCorasick.of(forms);
        this.valueLabels = formLabels.stream().mapToInt(Integer::intValue).toArray();
        // Generic names come after the known ones, so a known name wins a tie; among them the
        // specific shapes come before the catch-all ones (authorization, url-password, credential).
        this.privateKeyLabel = labels.computeIfAbsent(PrivateKeyBlocks.NAME, n -> labels.size());
        var ruleLabels = CredentialPatterns.DEFAULTS.stream()
                .mapToInt(r -> labels.computeIfAbsent(r.name(), n -> labels.size()))
                .toArray();
        this.shapes = new ShapeFinder(CredentialPatterns.DEFAULTS, ruleLabels);
        this.names = List.copyOf(labels.keySet());
        this.secrets = b.secrets.size();
        this.tooShort = Set.copyOf(b.tooShort);
    }

    /** A redactor that knows no values and redacts the generic credential shapes only. */
    public static SecretRedactor patternsOnly() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The text with every secret replaced. Returns {@code text} itself (the same instance) when
     * nothing was found, which callers may use to skip copying.
     */
    public String redact(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty()) {
            return text;
        }
        boolean memoisable = text.length() <= MEMO_MAX_CHARS;
        int slot = 0;
        if (memoisable) {
            slot = text.hashCode() & (MEMO_SLOTS - 1);
            var known = clean[slot];
            if (known != null && known.equals(text)) {
                return text;
            }
        }
        var spans = new Spans();
        if (values != null) {
            values.scan(text, 0, text.length(), (start, end, id) -> spans.add(start, end, valueLabels[id]));
        }
        PrivateKeyBlocks.find(text, spans, privateKeyLabel);
        shapes.find(text, spans);
        if (!spans.isEmpty()) {
            return spans.apply(text, names);
        }
        if (memoisable) {
            clean[slot] = text;
        }
        return text;
    }

    /**
     * A copy of a JSON-like tree (maps, lists, strings, numbers, booleans, nulls) with every string
     * redacted, map keys included; the tree itself when nothing changed. Map keys come back as
     * strings; objects of other types are rendered with {@code String.valueOf} and redacted, since
     * what cannot be looked into cannot be let out. Nesting deeper than {@value
     * StructuredRedaction#MAX_DEPTH} levels is replaced by {@code [REDACTED:too-deep]}.
     */
    public Object redactTree(Object tree) {
        return new StructuredRedaction(this).node(tree, 0);
    }

    /** {@link #redactTree} for a map, as in {@link ToolOutput#structured()}. */
    public Map<String, Object> redactMap(Map<String, ?> map) {
        return new StructuredRedaction(this).map(map, 0);
    }

    /** The output with its text and structured content redacted; the same instance if clean. */
    public ToolOutput redact(ToolOutput output) {
        return new StructuredRedaction(this).toolOutput(output);
    }

    /** The event with its principal and field values redacted; the same instance if clean. */
    public AuditEvent redact(AuditEvent event) {
        return new StructuredRedaction(this).auditEvent(event);
    }

    /** How many known secrets were given, including those too short to search for. */
    public int knownSecrets() {
        return secrets + tooShort.size();
    }

    /** How many known values were too short to be redacted by value. */
    public int shortSecretsSkipped() {
        return tooShort.size();
    }

    /** The names whose values are too short to be redacted by value (names are not secret). */
    public Set<String> namesNotRedactedByValue() {
        return tooShort;
    }

    @Override
    public String toString() {
        return "SecretRedactor[known=" + secrets + ", tooShort=" + tooShort.size() + ", patterns="
                + CredentialPatterns.DEFAULTS.size() + "]";
    }

    /** Collects known secrets. Not thread-safe; build, then share the result. */
    public static final class Builder {

        private final List<Named> secrets = new ArrayList<>();
        private final Set<String> tooShort = new TreeSet<>();

        private Builder() {}

        /**
         * Adds a secret value under its name (an environment-style name such as {@code
         * ACME_CRM_TOKEN}, optionally namespaced with {@code / . : -}). A name may carry several
         * values, e.g. the old and the new one during a rotation.
         *
         * @throws IllegalArgumentException when the name is not of that form (the message names
         *     the name, never the value)
         */
        public Builder secret(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("secret name is not of the form [A-Za-z_][A-Za-z0-9_./:-]*: "
                        + name.substring(0, Math.min(name.length(), 64)));
            }
            if (value.length() < MIN_SECRET_LENGTH) {
                tooShort.add(name);
            } else {
                secrets.add(new Named(name, value));
            }
            return this;
        }

        /** {@link #secret} for each entry, e.g. an execution grant's secrets. */
        public Builder secrets(Map<String, String> namedValues) {
            namedValues.forEach(this::secret);
            return this;
        }

        public SecretRedactor build() {
            return new SecretRedactor(this);
        }
    }

    private record Named(String name, String value) {
        @Override
        public String toString() {
            return "Named[" + name + "]";
        }
    }
}
