package dev.gatehouse.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigTreeTest {

    static ConfigTree read(String text) {
        return ConfigTree.read("f.yaml", text.getBytes(StandardCharsets.UTF_8), 256 * 1024);
    }

    static List<String> problems(ConfigTree tree) {
        return tree.problems().stream().map(ConfigProblem::toString).toList();
    }

    @Test
    void readsTypedFieldsAndReportsNothingForAValidFile() {
        var tree = read("name: crm\ncount: 3\non: true\nwait: 30s\nratio: 2.5\nitems: [a, b]\nnested: {k: v}\n");
        var root = tree.rootMap().orElseThrow();
        root.allowOnly("name", "count", "on", "wait", "ratio", "items", "nested");
        assertThat(root.requiredString("name")).contains("crm");
        assertThat(root.requiredInt("count")).contains(3);
        assertThat(root.optionalBool("on")).contains(true);
        assertThat(root.optionalDuration("wait")).contains(java.time.Duration.ofSeconds(30));
        assertThat(root.optionalNumber("ratio")).contains(2.5);
        assertThat(root.requiredList("items").orElseThrow().strings()).containsExactly("a", "b");
        assertThat(root.requiredMap("nested").orElseThrow().requiredString("k")).contains("v");
        assertThat(tree.problems()).isEmpty();
    }

    @Test
    void jsonIsReadByTheSameParser() {
        var tree = read("{\"name\": \"crm\", \"count\": 3, \"items\": [\"a\"]}");
        var root = tree.rootMap().orElseThrow();
        assertThat(root.requiredString("name")).contains("crm");
        assertThat(root.requiredInt("count")).contains(3);
        assertThat(tree.problems()).isEmpty();
    }

    @Test
    void tabIndentedJsonIsRead() {
        var json = "{\n\t\"a\": 1,\n\t\"b\": [\n\t\t2\n\t]\n}";
        var tree = ConfigTree.read("f.json", json.getBytes(StandardCharsets.UTF_8), 1024);
        var root = tree.rootMap().orElseThrow();
        assertThat(root.requiredList("b").orElseThrow().items()).singleElement().satisfies(n -> {
            assertThat(n.asInt()).contains(2);
            assertThat(n.line()).isEqualTo(4);
            assertThat(n.column()).isEqualTo(3);
        });
        assertThat(tree.problems()).isEmpty();
    }

    @Test
    void collectsEveryWrongKindMissingAndUnknownKeyAtOnce() {
        var tree = read("name: 12\ncount: many\nprovides_tool: []\n");
        var root = tree.rootMap().orElseThrow();
        root.allowOnly("name", "count", "provides_tools", "description");
        root.requiredString("name");
        root.requiredInt("count");
        root.requiredString("description");
        assertThat(problems(tree))
                .containsExactly(
                        "f.yaml:1:1: missing required key 'description'",
                        "f.yaml:1:7: expected a string (quote it), found a number",
                        "f.yaml:2:8: expected a whole number, found a string",
                        "f.yaml:3:1: unknown key 'provides_tool' (did you mean 'provides_tools'?)");
    }

    @Test
    void aCheckedValueIsKeptWhenItPassesAndReportedAtItsNodeWhenNot() {
        var tree = read("low: 5\nhigh: 500\nname: x\n");
        var root = tree.rootMap().orElseThrow();
        var low = root.optional("low").orElseThrow();
        var high = root.optional("high").orElseThrow();
        var name = root.optional("name").orElseThrow();
        assertThat(low.checked(low.asInt(), v -> v <= 100, "at most 100")).contains(5);
        assertThat(high.checked(high.asInt(), v -> v <= 100, "at most 100")).isEmpty();
        // A value that could not be read is not checked again: only the kind problem is reported.
        assertThat(name.checked(name.asInt(), v -> v <= 100, "at most 100")).isEmpty();
        assertThat(problems(tree))
                .containsExactly("f.yaml:2:7: at most 100", "f.yaml:3:7: expected a whole number, found a string");
    }

    @Test
    void unknownKeyFarFromEveryKnownKeyGetsNoSuggestion() {
        var tree = read("zebra: 1\n");
        tree.rootMap().orElseThrow().allowOnly("name", "version");
        assertThat(problems(tree)).containsExactly("f.yaml:1:1: unknown key 'zebra'");
    }

    @Test
    void duplicateKeysAreAllReportedWithWhereTheFirstWas() {
        var tree = read("a: 1\nb: {x: 1, x: 2}\na: 3\n");
        tree.rootMap().orElseThrow();
        assertThat(problems(tree))
                .containsExactly(
                        "f.yaml:2:11: duplicate key 'x' (first on line 2)",
                        "f.yaml:3:1: duplicate key 'a' (first on line 1)");
    }

    @Test
    void syntaxErrorIsLocated() {
        var tree = read("a: [1, 2\nb: 3\n");
        assertThat(tree.rootMap()).isEmpty();
        assertThat(tree.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.message()).startsWith("not valid YAML");
        });
    }

    @Test
    void aliasBombIsRefusedCleanly() {
        var bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            char p = (char) (c - 1);
            bomb.append(c)
                    .append(": &")
                    .append(c)
                    .append(" [*")
                    .append(p)
                    .append(", *")
                    .append(p)
                    .append(", *")
                    .append(p)
                    .append("]\n");
        }
        var tree = read(bomb.toString());
        assertThat(tree.rootMap()).isEmpty();
        assertThat(problems(tree)).singleElement().asString().contains("not valid YAML");
    }

    @Test
    void selfReferencingAnchorIsRefused() {
        var tree = read("a: &x [1, *x]\n");
        assertThat(tree.rootMap()).isEmpty();
        assertThat(problems(tree)).containsExactly("f.yaml:1:4: an anchor may not refer to itself through an alias");
    }

    @Test
    void oversizeFileIsRefusedBeforeParsing() {
        var tree = ConfigTree.read("f.yaml", new byte[300], 256);
        assertThat(problems(tree)).containsExactly("f.yaml:1:1: the file is 300 bytes; the limit is 256");
    }

    @Test
    void hundredThousandLevelsOfNestingGiveAProblemNotAStackOverflow() {
        var deep = "[".repeat(100_000) + "]".repeat(100_000);
        var tree = read(deep);
        assertThat(tree.rootMap()).isEmpty();
        assertThat(problems(tree)).containsExactly("f.yaml:1:65: nested deeper than 64 levels");
    }

    @Test
    void bytesThatAreNotUtf8AreAProblem() {
        var tree = ConfigTree.read("f.yaml", new byte[] {'a', ':', ' ', (byte) 0xC3, (byte) 0x28}, 100);
        assertThat(problems(tree)).containsExactly("f.yaml:1:1: the file is not valid UTF-8");
    }

    @Test
    void emptyFileAndNonMappingTopLevelAreProblems() {
        var empty = read("");
        assertThat(empty.rootMap()).isEmpty();
        assertThat(problems(empty)).containsExactly("f.yaml:1:1: the file is empty; expected a mapping");
        var list = read("- a\n");
        assertThat(list.rootMap()).isEmpty();
        assertThat(problems(list)).containsExactly("f.yaml:1:1: expected a mapping at the top level, found a list");
    }

    @Test
    void quotedValuesInMessagesAreShortenedAndEscaped() {
        assertThat(ConfigNode.quote("a\u001b[31mb")).isEqualTo("'a\\u001b[31mb'");
        assertThat(ConfigNode.quote("x".repeat(100))).hasSize(64 + 5);
    }

    @Test
    void canonicalJsonSortsKeysAtEveryLevelAndDropsWhiteSpace() {
        var tree = read("s: {type: object, required: [q], properties: {q: {type: string}, a: {type: integer}}}\n");
        var json = tree.rootMap().orElseThrow().required("s").orElseThrow().asCanonicalJson();
        assertThat(json)
                .contains(
                        "{\"properties\":{\"a\":{\"type\":\"integer\"},\"q\":{\"type\":\"string\"}},\"required\":[\"q\"],\"type\":\"object\"}");
        assertThat(CanonicalJson.canonicalize("{ \"b\" : 1, \"a\" : [ true, null ] }"))
                .isEqualTo("{\"a\":[true,null],\"b\":1}");
    }

    @Test
    void throwIfProblemsCarriesEveryProblem() {
        var tree = read("a: 1\na: 2\n");
        tree.rootMap();
        assertThatThrownBy(tree::throwIfProblems)
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.problems()).hasSize(1));
    }
}
