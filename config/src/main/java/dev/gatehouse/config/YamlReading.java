package dev.gatehouse.config;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/** Turns untrusted bytes into a node tree, or into problems; never into an uncaught failure. */
final class YamlReading {

    /** Deeper than any real configuration; shallow enough that walking it can never overflow. */
    static final int MAX_DEPTH = 64;

    /** Real files hardly need aliases; a low cap stops exponential expansion ("billion laughs"). */
    static final int MAX_ALIASES = 10;

    private YamlReading() {}

    static Optional<Node> read(byte[] content, int maxBytes, Problems problems) {
        if (content.length > maxBytes) {
            problems.at(1, 1, "the file is " + content.length + " bytes; the limit is " + maxBytes);
            return Optional.empty();
        }
        var text = decode(content, problems);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        var settings = LoadSettings.builder()
                .setLabel(problems.file())
                .setCodePointLimit(Math.max(1, maxBytes))
                .setMaxAliasesForCollections(MAX_ALIASES)
                .setAllowRecursiveKeys(false)
                .setUseMarks(true)
                .setParseComments(false)
                .build();
        try {
            // The composer recurses once per level, so depth is checked on the flat event stream first.
            if (!depthWithinLimit(text.get(), settings, problems)) {
                return Optional.empty();
            }
            var root = new Compose(settings).composeString(text.get());
            if (root.isPresent() && !structureSound(root.get(), problems)) {
                return Optional.empty();
            }
            return root;
        } catch (MarkedYamlEngineException e) {
            problems.at(e.getProblemMark().or(e::getContextMark), "not valid YAML: " + e.getProblem());
        } catch (ReaderException e) {
            var at = position(text.get(), e.getPosition());
            problems.at(at[0], at[1], "not valid YAML: " + e.getMessage());
        } catch (YamlEngineException e) {
            problems.at(1, 1, "not valid YAML: " + e.getMessage());
        } catch (RuntimeException e) {
            // Hostile input must end as a problem even if it trips a parser bug; never as a crash.
            problems.at(1, 1, "not valid YAML: the parser could not read this file");
        }
        return Optional.empty();
    }

    private static Optional<String> decode(byte[] content, Problems problems) {
        try {
            return Optional.of(StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content))
                    .toString());
        } catch (CharacterCodingException e) {
            problems.at(1, 1, "the file is not valid UTF-8");
            return Optional.empty();
        }
    }

    private static boolean depthWithinLimit(String text, LoadSettings settings, Problems problems) {
        var parser = new ParserImpl(settings, new StreamReader(settings, text));
        int depth = 0;
        while (parser.hasNext()) {
            Event event = parser.next();
            switch (event.getEventId()) {
                case SequenceStart, MappingStart -> {
                    if (++depth > MAX_DEPTH) {
                        problems.at(event.getStartMark(), "nested deeper than " + MAX_DEPTH + " levels");
                        return false;
                    }
                }
                case SequenceEnd, MappingEnd -> depth--;
                default -> {}
            }
        }
        return true;
    }

    /**
     * Reports duplicate keys (all of them, with where the first one was) and refuses self-referencing
     * anchors, which would make any walk endless. Iterative, and visits a node shared through an
     * alias only once.
     */
    private static boolean structureSound(Node root, Problems problems) {
        Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        var pending = new ArrayDeque<Node>();
        pending.push(root);
        boolean sound = true;
        while (!pending.isEmpty()) {
            var node = pending.pop();
            if (!seen.add(node)) {
                continue;
            }
            if (node.isRecursive()) {
                problems.at(node.getStartMark(), "an anchor may not refer to itself through an alias");
                sound = false;
                continue;
            }
            if (node instanceof SequenceNode seq) {
                seq.getValue().forEach(pending::push);
            } else if (node instanceof MappingNode map) {
                var firstLine = new HashMap<String, Integer>();
                for (var tuple : map.getValue()) {
                    if (tuple.getKeyNode() instanceof ScalarNode key) {
                        int line = key.getStartMark().map(m -> m.getLine() + 1).orElse(0);
                        var earlier = firstLine.putIfAbsent(key.getValue(), line);
                        if (earlier != null) {
                            problems.at(
                                    key.getStartMark(),
                                    "duplicate key " + ConfigNode.quote(key.getValue()) + " (first on line " + earlier
                                            + ")");
                        }
                    }
                    pending.push(tuple.getKeyNode());
                    pending.push(tuple.getValueNode());
                }
            }
        }
        return sound;
    }

    /** Line and column (1-based) of a code point index, for reader errors that carry only the index. */
    private static int[] position(String text, int codePointIndex) {
        int line = 1;
        int column = 1;
        int i = 0;
        for (int cp = 0; cp < codePointIndex && i < text.length(); cp++) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (c == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new int[] {line, column};
    }
}
