package dev.gatehouse.redaction;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * An Aho-Corasick automaton over exact strings: one left-to-right pass finds, at every position,
 * the longest pattern ending there, whatever the number of patterns. Written here rather than
 * taken from a library because what redaction needs is small (longest match per end position, no
 * case folding, no word boundaries) and the hot loop should allocate nothing.
 *
 * <p>States keep their transitions in sorted arrays (binary search); the root, where a scan over
 * ordinary text spends most of its time, has a dense table for ASCII. A small automaton (such as the
 * credential shapes' trigger words) also gets a dense table of every state's ASCII moves, failure
 * links already followed, so ordinary text that keeps entering and leaving shallow states (every
 * "to" could start "token") costs one array read per character.
 */
final class AhoCorasick {

    /** Receives each hit: the longest pattern that ends at {@code end} (exclusive). */
    interface Hits {
        void hit(int start, int end, int patternId);
    }

    private static final int ROOT = 0;

    /** Up to this many states get the dense ASCII table: at most 512 KiB of moves. */
    static final int DENSE_MAX_STATES = 1024;

    private final char[][] keys;
    private final int[][] targets;
    private final int[] rootAscii;
    private final int[] denseAscii;
    private final int[] fail;
    private final int[] bestLength;
    private final int[] bestId;
    private final boolean foldAsciiCase;

    private AhoCorasick(
            char[][] keys, int[][] targets, int[] fail, int[] bestLength, int[] bestId, boolean foldAsciiCase) {
        this.foldAsciiCase = foldAsciiCase;
        this.keys = keys;
        this.targets = targets;
        this.fail = fail;
        this.bestLength = bestLength;
        this.bestId = bestId;
        this.rootAscii = new int[128];
        Arrays.fill(rootAscii, ROOT);
        for (int i = 0; i < keys[ROOT].length; i++) {
            if (keys[ROOT][i] < 128) {
                rootAscii[keys[ROOT][i]] = targets[ROOT][i];
            }
        }
        this.denseAscii = keys.length <= DENSE_MAX_STATES ? dense(keys, targets, fail) : null;
    }

    /** Every state's move on every ASCII character, failure links followed: {@code [state * 128 + c]}. */
    private static int[] dense(char[][] keys, int[][] targets, int[] fail) {
        var table = new int[keys.length * 128];
        for (int s = 0; s < keys.length; s++) {
            for (char c = 0; c < 128; c++) {
                table[s * 128 + c] = step(keys, targets, fail, s, c);
            }
        }
        return table;
    }

    /**
     * Builds the automaton. Pattern {@code i} reports id {@code i}; empty patterns are ignored; when
     * two patterns are equal the first one's id is kept.
     */
    static AhoCorasick of(List<String> patterns) {
        return of(patterns, false);
    }

    /**
     * As {@link #of(List)}; with {@code foldAsciiCase} the text's ASCII upper-case letters are read
     * as lower-case, so lower-case patterns match in any case.
     */
    static AhoCorasick of(List<String> patterns, boolean foldAsciiCase) {
        var edges = new ArrayList<TreeMap<Character, Integer>>();
        var depth = new ArrayList<Integer>();
        var terminal = new ArrayList<Integer>();
        edges.add(new TreeMap<>());
        depth.add(0);
        terminal.add(-1);
        for (int id = 0; id < patterns.size(); id++) {
            var p = patterns.get(id);
            if (p.isEmpty()) {
                continue;
            }
            int s = ROOT;
            for (int i = 0; i < p.length(); i++) {
                var next = edges.get(s).get(p.charAt(i));
                if (next == null) {
                    next = edges.size();
                    edges.add(new TreeMap<>());
                    depth.add(depth.get(s) + 1);
                    terminal.add(-1);
                    edges.get(s).put(p.charAt(i), next);
                }
                s = next;
            }
            if (terminal.get(s) < 0) {
                terminal.set(s, id);
            }
        }
        int n = edges.size();
        var keys = new char[n][];
        var targets = new int[n][];
        for (int s = 0; s < n; s++) {
            var map = edges.get(s);
            keys[s] = new char[map.size()];
            targets[s] = new int[map.size()];
            int i = 0;
            for (var e : map.entrySet()) {
                keys[s][i] = e.getKey();
                targets[s][i] = e.getValue();
                i++;
            }
        }
        var fail = new int[n];
        var bestLength = new int[n];
        var bestId = new int[n];
        // Breadth first, so a state's failure target (always shallower) is finished before it.
        var queue = new ArrayDeque<Integer>();
        queue.add(ROOT);
        while (!queue.isEmpty()) {
            int s = queue.poll();
            if (terminal.get(s) >= 0) {
                bestLength[s] = depth.get(s);
                bestId[s] = terminal.get(s);
            } else {
                // The longest pattern that is a proper suffix of this state's string.
                bestLength[s] = s == ROOT ? 0 : bestLength[fail[s]];
                bestId[s] = s == ROOT ? 0 : bestId[fail[s]];
            }
            for (int i = 0; i < keys[s].length; i++) {
                int child = targets[s][i];
                fail[child] = s == ROOT ? ROOT : step(keys, targets, fail, fail[s], keys[s][i]);
                queue.add(child);
            }
        }
        return new AhoCorasick(keys, targets, fail, bestLength, bestId, foldAsciiCase);
    }

    /** Scans {@code text[from, to)} and reports the longest pattern ending at each position. */
    void scan(CharSequence text, int from, int to, Hits hits) {
        int s = ROOT;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (foldAsciiCase && c >= 'A' && c <= 'Z') {
                c = (char) (c + ('a' - 'A'));
            }
            if (c < 128 && denseAscii != null) {
                s = denseAscii[s * 128 + c];
            } else if (s == ROOT && c < 128) {
                s = rootAscii[c];
            } else {
                s = step(keys, targets, fail, s, c);
            }
            int len = bestLength[s];
            if (len > 0) {
                hits.hit(i + 1 - len, i + 1, bestId[s]);
            }
        }
    }

    int states() {
        return keys.length;
    }

    private static int step(char[][] keys, int[][] targets, int[] fail, int state, char c) {
        int s = state;
        while (true) {
            int i = Arrays.binarySearch(keys[s], c);
            if (i >= 0) {
                return targets[s][i];
            }
            if (s == ROOT) {
                return ROOT;
            }
            s = fail[s];
        }
    }
}
