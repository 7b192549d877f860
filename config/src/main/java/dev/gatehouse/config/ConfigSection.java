package dev.gatehouse.config;

import java.util.Optional;
import java.util.function.Function;

/**
 * One top-level section of gatehouse.yaml, owned by the module that uses it: the module declares
 * the key, its typed form and how to read it; the loader reads every declared section in one pass
 * so all problems in the file are reported together.
 *
 * @param reader reads the section (a map, a list, whatever its shape), reporting problems on its
 *     nodes; given empty when the section is absent, it returns the defaults
 */
public record ConfigSection<T>(String key, Class<T> type, Function<Optional<ConfigNode>, T> reader) {

    public T defaults() {
        return reader.apply(Optional.empty());
    }
}
