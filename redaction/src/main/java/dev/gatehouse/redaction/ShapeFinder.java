package dev.gatehouse.redaction;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.regex.Matcher;

/**
 * Runs the credential-shape rules, each only where one of its trigger words occurs: one
 * case-insensitive Aho-Corasick pass finds the triggers of all rules, then each rule's regular
 * expression is tried, anchored, at the few positions where a match containing that trigger can
 * start, reading no further than its longest possible match. Ordinary text, which holds few triggers, costs little more than that one pass.
 *
 * <p>The text is taken in chunks of {@link SecretRedactor#CHUNK_CHARS}: each chunk handles the
 * triggers that end in it, re-reading at most the longest trigger before its start and reading up to
 * a rule's longest match past its end, so a credential across a chunk border is found whole, and
 * the work and memory for any one chunk stay bounded.
 */
final class ShapeFinder {

    private final List<RegexRule> rules;
    private final int[] labels;
    private final AhoCorasick triggers;
    private final int[][] rulesByTrigger;
    private final int longestTrigger;

    ShapeFinder(List<RegexRule> rules, int[] labels) {
        this.rules = rules;
        this.labels = labels;
        var byTrigger = new LinkedHashMap<String, List<Integer>>();
        for (int r = 0; r < rules.size(); r++) {
            for (var t : rules.get(r).triggers()) {
                byTrigger.computeIfAbsent(t, k -> new ArrayList<>()).add(r);
            }
        }
        var words = List.copyOf(byTrigger.keySet());
        this.triggers = AhoCorasick.of(words, true);
        // The automaton reports the longest trigger ending at a position; a shorter one ending
        // there too is its suffix, so each trigger also answers for the rules of its suffixes.
        this.rulesByTrigger = new int[words.size()][];
        for (int i = 0; i < words.size(); i++) {
            var word = words.get(i);
            this.rulesByTrigger[i] = byTrigger.entrySet().stream()
                    .filter(e -> word.endsWith(e.getKey()))
                    .flatMap(e -> e.getValue().stream())
                    .distinct()
                    .mapToInt(Integer::intValue)
                    .toArray();
        }
        this.longestTrigger = words.stream().mapToInt(String::length).max().orElse(1);
    }

    void find(String text, Spans spans) {
        var scan = new Scan(text, spans);
        for (int from = 0; from < text.length(); from += SecretRedactor.CHUNK_CHARS) {
            scan.chunkStart = from;
            int own = Math.min(text.length(), from + SecretRedactor.CHUNK_CHARS);
            triggers.scan(text, Math.max(0, from - longestTrigger + 1), own, scan);
        }
    }

    /** One text's scan: the matchers are made on the first trigger that needs one, most texts have none. */
    private final class Scan implements AhoCorasick.Hits {

        private final String text;
        private final Spans spans;
        private Matcher[] matchers;
        private int chunkStart;

        Scan(String text, Spans spans) {
            this.text = text;
            this.spans = spans;
        }

        @Override
        public void hit(int start, int end, int id) {
            if (end > chunkStart) { // one ending earlier was the previous chunk's
                for (int r : rulesByTrigger[id]) {
                    tryRule(r, start, end);
                }
            }
        }

        private void tryRule(int r, int triggerStart, int triggerEnd) {
            var rule = rules.get(r);
            // Only starts at the trigger (or up to lead before it) are tried, each anchored: an
            // unanchored find() would scan on through the region for a match elsewhere. A start with
            // fewer characters after it than the rule's shortest match cannot match: not tried.
            int first = Math.max(0, triggerStart - rule.lead());
            int last = Math.min(triggerEnd, text.length() - rule.minLength() + 1);
            if (first >= last) {
                return;
            }
            int end = (int) Math.min(text.length(), (long) triggerEnd + rule.maxLength());
            var m = matcher(r);
            for (int p = first; p < last; p++) {
                m.region(p, end);
                if (m.lookingAt() && m.start(rule.group()) >= 0) {
                    spans.add(m.start(rule.group()), m.end(rule.group()), labels[r]);
                }
            }
        }

        private Matcher matcher(int r) {
            if (matchers == null) {
                matchers = new Matcher[rules.size()];
            }
            var m = matchers[r];
            if (m == null) {
                // Lookarounds see past the region; no rule uses ^ or $.
                m = rules.get(r)
                        .pattern()
                        .matcher(text)
                        .useTransparentBounds(true)
                        .useAnchoringBounds(false);
                matchers[r] = m;
            }
            return m;
        }
    }
}
