package dev.gatehouse.policy;

import dev.cel.common.values.NullValue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

    /** @param withArgs false when no rule reads {@code args}, which saves converting them */
    static Map<String, Object> of(PolicyInput input, boolean withArgs) throws UnreadableArguments {
        var p = input.principal();
        var t = input.tool();
        var r = input.request();
        return Map.of(
                PolicyExpressions.PRINCIPAL,
                Map.of(
                        "id", p.id(),
                        "scopes", List.copyOf(p.scopes()),
                        "effective_scopes", List.copyOf(p.effectiveScopes()),
                        "attributes", p.attributes(),
                        "auth_method", p.authMethod()),
                PolicyExpressions.TOOL,
                Map.of("name", t.name(), "plugin", t.plugin(), "effects", t.effects(), "scopes", t.scopes()),
                PolicyExpressions.ARGS,
                withArgs ? new Converter().map(input.args(), 0) : Map.of(),
                PolicyExpressions.REQUEST,
                Map.of("time", r.time(), "client_address", r.clientAddress(), "surface", r.surface()));
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
