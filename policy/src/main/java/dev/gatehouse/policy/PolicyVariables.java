package dev.gatehouse.policy;

import dev.cel.common.values.NullValue;
import dev.cel.runtime.CelVariableResolver;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Turns a {@link PolicyInput} into the values CEL evaluates against. */
final class PolicyVariables {

    /** Far deeper than real tool arguments; bounds the walk below. */
    static final int MAX_DEPTH = 64;

    /** Far more than real tool arguments; bounds the copy below. */
    static final int MAX_VALUES = 100_000;

    private PolicyVariables() {}

    /** Arguments policies cannot read; the message names the problem, never a value. */
    static final class UnreadableArguments extends Exception {
        UnreadableArguments(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * The variables of one evaluation, shared by every rule in it. The arguments are converted at
     * once (when a rule reads them), so arguments policies cannot read are refused before any rule
     * runs; {@code principal}, {@code tool} and {@code request} are built on a rule's first read, and
     * a policy that reads only {@code args} never pays for them.
     *
     * @param withArgs false when no rule reads {@code args}, which saves converting them
     */
    static CelVariableResolver of(PolicyInput input, boolean withArgs) throws UnreadableArguments {
        return new Lazy(input, withArgs ? new Converter().map(input.args(), 0) : Map.of());
    }

    /** Not thread-safe: one evaluation's, on the evaluating thread. */
    private static final class Lazy implements CelVariableResolver {

        private final PolicyInput input;
        private final Optional<Object> args;
        private Optional<Object> principal;
        private Optional<Object> tool;
        private Optional<Object> request;

        Lazy(PolicyInput input, Map<String, Object> args) {
            this.input = input;
            this.args = Optional.of(args);
        }

        @Override
        public Optional<Object> find(String name) {
            return switch (name) {
                case PolicyExpressions.ARGS -> args;
                case PolicyExpressions.PRINCIPAL ->
                    principal == null ? (principal = Optional.of(principal())) : principal;
                case PolicyExpressions.TOOL -> tool == null ? (tool = Optional.of(tool())) : tool;
                case PolicyExpressions.REQUEST -> request == null ? (request = Optional.of(request())) : request;
                default -> Optional.empty();
            };
        }

        private Map<String, Object> principal() {
            var p = input.principal();
            return Map.of(
                    "id", p.id(),
                    "scopes", List.copyOf(p.scopes()),
                    "effective_scopes", List.copyOf(p.effectiveScopes()),
                    "attributes", p.attributes(),
                    "auth_method", p.authMethod());
        }

        private Map<String, Object> tool() {
            var t = input.tool();
            return Map.of("name", t.name(), "plugin", t.plugin(), "effects", t.effects(), "scopes", t.scopes());
        }

        private Map<String, Object> request() {
            var r = input.request();
            return Map.of("time", r.time(), "client_address", r.clientAddress(), "surface", r.surface());
        }
    }

    /** CEL knows long, double, string, bool, null, list and map; JSON parsers produce more kinds. */
    private static final class Converter {

        private int values;

        Map<String, Object> map(Map<?, ?> map, int depth) throws UnreadableArguments {
            var out = new HashMap<String, Object>(map.size() * 2);
            for (var entry : map.entrySet()) {
                if (!(entry.getKey() instanceof String key)) {
                    throw new UnreadableArguments("an object key is not a string");
                }
                out.put(key, value(entry.getValue(), depth + 1));
            }
            return Collections.unmodifiableMap(out);
        }

        Object value(Object value, int depth) throws UnreadableArguments {
            if (++values > MAX_VALUES) {
                throw new UnreadableArguments("more than " + MAX_VALUES + " values");
            }
            if (depth > MAX_DEPTH) {
                throw new UnreadableArguments("nested deeper than " + MAX_DEPTH);
            }
            return switch (value) {
                case null -> NullValue.NULL_VALUE;
                case String s -> s;
                case Boolean b -> b;
                case Long l -> l;
                case Integer i -> i.longValue();
                case Short s -> s.longValue();
                case Byte b -> b.longValue();
                case Double d -> d;
                case Float f -> f.doubleValue();
                case BigInteger b -> b.bitLength() < Long.SIZE ? (Object) b.longValue() : (Object) b.doubleValue();
                case BigDecimal d -> decimal(d);
                case Map<?, ?> m -> map(m, depth);
                case List<?> l -> list(l, depth);
                default -> throw new UnreadableArguments("a value is of a kind JSON does not have");
            };
        }

        private List<Object> list(List<?> list, int depth) throws UnreadableArguments {
            var out = new ArrayList<Object>(list.size());
            for (var item : list) {
                out.add(value(item, depth + 1));
            }
            return Collections.unmodifiableList(out);
        }

        private static Object decimal(BigDecimal d) {
            try {
                return d.longValueExact();
            } catch (ArithmeticException notAWholeLong) {
                return d.doubleValue();
            }
        }
    }
}
