package dev.gatehouse.plugins.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class EntryPathTest {

    @Property
    void acceptedNamesStayUnderTheRoot(@ForAll("hostileNames") String name) {
        EntryPath entry;
        try {
            entry = EntryPath.parse(name, 4096);
        } catch (ExtractionException refused) {
            assertThat(refused.entry()).doesNotContain("\u0000", "\n");
            return;
        }
        var root = Path.of("/root-of-tree");
        var resolved = root.resolve(entry.relative()).normalize();
        assertThat(resolved.startsWith(root)).as(name).isTrue();
        assertThat(entry.segments()).doesNotContain("..", ".", "").allSatisfy(s -> assertThat(s)
                .doesNotContain("/", "\\", "\u0000"));
    }

    @Provide
    Arbitrary<String> hostileNames() {
        var pieces = Arbitraries.of(
                List.of("a", "b", "..", ".", "/", "//", "\\", "\u0000", "\n", "C:", "~", "é", ".. ", "..."));
        return pieces.list().ofMaxSize(8).map(p -> String.join("", p));
    }
}
