package dev.gatehouse.plugins.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Whatever bytes arrive, the parser answers with a manifest or with {@link ManifestException}: no
 * other exception, no error, and never its own internal-error fallback (which would mean a bug).
 */
class ManifestParserFuzzTest {

    private static final byte[] VALID = ManifestFixtures.utf8(ManifestFixtures.DESIGN_EXAMPLE);
    private static final Path NO_DIR = Path.of("target", "no-such-plugin-dir");

    /** One edit of a byte string; positions are taken modulo the current length. */
    record Mutation(int kind, int position, byte value) {
        byte[] apply(byte[] in) {
            if (in.length == 0) {
                return new byte[] {value};
            }
            int at = Math.floorMod(position, in.length);
            return switch (kind) {
                case 0 -> flip(in, at);
                case 1 -> Arrays.copyOf(in, at);
                case 2 -> insert(in, at);
                default -> delete(in, at);
            };
        }

        private byte[] flip(byte[] in, int at) {
            var out = in.clone();
            out[at] = (byte) (out[at] ^ (value == 0 ? 1 : value));
            return out;
        }

        private byte[] insert(byte[] in, int at) {
            var out = new byte[in.length + 1];
            System.arraycopy(in, 0, out, 0, at);
            out[at] = value;
            System.arraycopy(in, at, out, at + 1, in.length - at);
            return out;
        }

        private byte[] delete(byte[] in, int at) {
            var out = new byte[in.length - 1];
            System.arraycopy(in, 0, out, 0, at);
            System.arraycopy(in, at + 1, out, at, in.length - at - 1);
            return out;
        }
    }

    @Property(tries = 2000)
    void arbitraryBytesAreParsedOrRefusedNeverCrash(@ForAll @Size(max = 512) byte[] content) {
        parseOrRefuse(content);
    }

    @Property(tries = 3000)
    void mutatedValidManifestsAreParsedOrRefusedNeverCrash(@ForAll("mutations") List<Mutation> mutations) {
        var content = VALID;
        for (var m : mutations) {
            content = m.apply(content);
        }
        parseOrRefuse(content);
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        // Inserted bytes favour YAML's structural characters, where the interesting breakage is.
        var structural = Arbitraries.of(
                        ":", "-", "[", "]", "{", "}", ",", "&", "*", "!", "#", "'", "\"", "\n", " ", "\t", "|", ">",
                        "%", "@")
                .map(s -> (byte) s.charAt(0));
        var value = Arbitraries.oneOf(structural, Arbitraries.bytes());
        var mutation = Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.integers(), value)
                .as(Mutation::new);
        return mutation.list().ofMinSize(1).ofMaxSize(6);
    }

    private static void parseOrRefuse(byte[] content) {
        try {
            ManifestFixtures.parser().parse("plugin.yaml", content, NO_DIR);
        } catch (ManifestException e) {
            assertThat(e.problems()).isNotEmpty().allSatisfy(p -> {
                assertThat(p.message()).doesNotContain("internal error");
                assertThat(p.line()).isNotNegative();
                assertThat(p.column()).isNotNegative();
            });
        }
    }
}
