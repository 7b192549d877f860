package dev.gatehouse.api.gateway;

import java.util.List;
import java.util.Map;

/**
 * A caller the host has authenticated (stage 1 of the pipeline), and the only way to the stages
 * after it. Surfaces get one from {@link Gateway#authenticate} and hand it nothing but the call;
 * they never see or build the principal behind it, so no surface can skip authentication or claim
 * to be someone it did not prove.
 */
public interface Authenticated {

    /** The principal's stable id ({@code key:ci-bot}, {@code jwt:https://issuer#alice}): for binding sessions, never for deciding access. */
    String principalId();

    /** The tools this caller may call now; none when it holds no scopes (fail closed). */
    List<ToolView> listTools();

    /**
     * Runs one call through stages 2 to 10.
     *
     * @param arguments JSON-shaped: String, Number, Boolean, null, List and Map values
     */
    CallResult call(String tool, Map<String, Object> arguments, RequestContext context);
}
