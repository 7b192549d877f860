package dev.gatehouse.redaction;

import java.util.Arrays;
import java.util.List;

/**
 * The regions of one text to redact, as found by every detector, and the rewrite they imply.
 * Overlapping regions become one replacement covering their union (so no tail of a partly
 * overlapping secret survives), named after the longest region in it; on a tie the lower label wins,
 * and known secrets have lower labels than generic shapes. Regions that merely touch stay separate.
 */
final class Spans {

    // Allocated on the first region: most texts have none.
    private int[] starts;
    private int[] ends;
    private int[] labels;
    private int size;

    void add(int start, int end, int label) {
        if (starts == null) {
            starts = new int[8];
            ends = new int[8];
            labels = new int[8];
        } else if (size == starts.length) {
            starts = Arrays.copyOf(starts, size * 2);
            ends = Arrays.copyOf(ends, size * 2);
            labels = Arrays.copyOf(labels, size * 2);
        }
        starts[size] = start;
        ends[size] = end;
        labels[size] = label;
        size++;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The text with every region replaced by {@code [REDACTED:<name>]}; {@code names} by label. */
    String apply(String text, List<String> names) {
        var order = new long[size];
        for (int i = 0; i < size; i++) {
            order[i] = ((long) starts[i] << 32) | i;
        }
        Arrays.sort(order);
        var out = new StringBuilder(text.length());
        int written = 0;
        int k = 0;
        while (k < size) {
            int first = (int) order[k];
            int clusterStart = starts[first];
            int clusterEnd = ends[first];
            int best = first;
            k++;
            while (k < size && starts[(int) order[k]] < clusterEnd) {
                int next = (int) order[k];
                clusterEnd = Math.max(clusterEnd, ends[next]);
                if (better(next, best)) {
                    best = next;
                }
                k++;
            }
            out.append(text, written, clusterStart)
                    .append("[REDACTED:")
                    .append(names.get(labels[best]))
                    .append(']');
            written = clusterEnd;
        }
        return out.append(text, written, text.length()).toString();
    }

    private boolean better(int a, int b) {
        int lengthA = ends[a] - starts[a];
        int lengthB = ends[b] - starts[b];
        return lengthA > lengthB || (lengthA == lengthB && labels[a] < labels[b]);
    }
}
