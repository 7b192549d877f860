package dev.gatehouse.policy;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.navigation.CelNavigableAst;
import dev.cel.common.navigation.CelNavigableExpr;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The CEL environment policies are written in: one compiler and one runtime for the process, the
 * four variables, and the limits that bound what an expression may cost.
 */
final class PolicyExpressions {

    /** Longer than any sensible rule; bounds parse and check time and the AST's size. */
    static final int MAX_LENGTH = 4096;

    /** Iterations of all comprehensions ({@code all}, {@code exists}, ...) in one evaluation. */
    static final int MAX_ITERATIONS = 10_000;

    static final String PRINCIPAL = "principal";
    static final String TOOL = "tool";
    static final String ARGS = "args";
    static final String REQUEST = "request";

    /** The fields of the map-typed variables; {@code args} is free-form and not listed. */
    static final Map<String, Set<String>> FIELDS = Map.of(
            PRINCIPAL, Set.of("id", "scopes", "effective_scopes", "attributes", "auth_method"),
            TOOL, Set.of("name", "plugin", "effects", "scopes"),
            REQUEST, Set.of("time", "client_address", "surface"));

    private static final int MAX_MESSAGE = 200;
    private static final String INDEX = "_[_]";

    private static final CelOptions OPTIONS = CelOptions.current()
            .maxExpressionCodePointSize(MAX_LENGTH)
            .comprehensionMaxIterations(MAX_ITERATIONS)
            // JSON numbers arrive as int or double; `args.amount > 1000` must work for both.
            .enableHeterogeneousNumericComparisons(true)
            // request.time is a java.time.Instant, not a protobuf Timestamp.
            .evaluateCanonicalTypesToNativeValues(true)
            .build();

    private static final CelCompiler COMPILER;
    private static final CelRuntime RUNTIME =
            CelRuntimeFactory.standardCelRuntimeBuilder().setOptions(OPTIONS).build();

    static {
        var dynMap = MapType.create(SimpleType.STRING, SimpleType.DYN);
        COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
                .setOptions(OPTIONS)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .addVar(PRINCIPAL, dynMap)
                .addVar(TOOL, dynMap)
                .addVar(ARGS, dynMap)
                .addVar(REQUEST, dynMap)
                .setResultType(SimpleType.BOOL)
                .build();
    }

    private PolicyExpressions() {}

    /** A compiled expression, or why there is none. */
    sealed interface Compiled permits Valid, Invalid {}

    /** @param readsArgs whether the expression mentions {@code args} at all */
    record Valid(CelRuntime.Program program, boolean readsArgs) implements Compiled {}

    /** @param message safe to show the operator: about the expression, never about a call */
    record Invalid(String message) implements Compiled {}

    static Compiled compile(String when) {
        if (when.length() > MAX_LENGTH) {
            return new Invalid(
                    "the expression is " + when.length() + " characters long; at most " + MAX_LENGTH + " are allowed");
        }
        if (when.isBlank()) {
            return new Invalid("the expression is empty");
        }
        var result = COMPILER.compile(when);
        if (result.hasError()) {
            var first = result.getErrors().getFirst();
            var more = result.getErrors().size() - 1;
            return new Invalid("does not compile: " + clean(first.getMessage()) + " (column "
                    + (first.getSourceLocation().getColumn() + 1) + ")"
                    + (more > 0 ? " and " + more + " more error" + (more > 1 ? "s" : "") : ""));
        }
        CelAbstractSyntaxTree ast;
        try {
            ast = result.getAst();
        } catch (CelValidationException e) {
            return new Invalid("does not compile");
        }
        if (!SimpleType.BOOL.equals(ast.getResultType())) {
            // `dyn` passes CEL's own check; a rule must say what it compares, e.g. `args.force == true`.
            return new Invalid("must be of type bool, but is "
                    + ast.getResultType().name() + "; compare the value, e.g. args.force == true");
        }
        var nodes = CelNavigableAst.fromAst(ast).getRoot().allNodes().toList();
        var unknown = nodes.stream()
                .map(PolicyExpressions::unknownField)
                .flatMap(Optional::stream)
                .findFirst();
        if (unknown.isPresent()) {
            return new Invalid(unknown.get());
        }
        boolean readsArgs = nodes.stream()
                .anyMatch(n -> n.getKind() == CelExpr.ExprKind.Kind.IDENT
                        && n.expr().ident().name().equals(ARGS));
        try {
            return new Valid(RUNTIME.createProgram(ast), readsArgs);
        } catch (CelEvaluationException e) {
            return new Invalid("cannot be prepared for evaluation (" + e.getErrorCode() + ")");
        }
    }

    /**
     * A typo such as {@code tool.effect} would otherwise only fail at run time; caught here it is a
     * configuration problem instead of a rule that silently fails closed on every call.
     */
    private static Optional<String> unknownField(CelNavigableExpr node) {
        var expr = node.expr();
        if (expr.getKind() == CelExpr.ExprKind.Kind.SELECT) {
            return unknownField(expr.select().operand(), expr.select().field());
        }
        if (expr.getKind() == CelExpr.ExprKind.Kind.CALL
                && expr.call().function().equals(INDEX)
                && expr.call().args().size() == 2) {
            var key = expr.call().args().get(1);
            if (key.getKind() == CelExpr.ExprKind.Kind.CONSTANT
                    && key.constant().getKind() == CelConstant.Kind.STRING_VALUE) {
                return unknownField(expr.call().args().get(0), key.constant().stringValue());
            }
        }
        return Optional.empty();
    }

    private static Optional<String> unknownField(CelExpr operand, String field) {
        if (operand.getKind() != CelExpr.ExprKind.Kind.IDENT) {
            return Optional.empty();
        }
        var known = FIELDS.get(operand.ident().name());
        if (known == null || known.contains(field)) {
            return Optional.empty();
        }
        return Optional.of(operand.ident().name() + " has no field " + dev.gatehouse.config.ConfigNode.quote(field)
                + "; it has " + String.join(", ", new TreeSet<>(known)));
    }

    /** CEL's messages quote the expression; keep them one short line. */
    private static String clean(String message) {
        var sb = new StringBuilder();
        message.codePoints().limit(MAX_MESSAGE).forEach(c -> {
            if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029) {
                sb.append(' ');
            } else {
                sb.appendCodePoint(c);
            }
        });
        return message.codePointCount(0, message.length()) > MAX_MESSAGE ? sb + "..." : sb.toString();
    }
}
