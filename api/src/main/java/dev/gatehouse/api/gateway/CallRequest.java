package dev.gatehouse.api.gateway;

import dev.gatehouse.api.auth.Principal;
import java.util.Map;

/**
 * One tool call as it enters the pipeline.
 *
 * @param arguments JSON-shaped: String, Number, Boolean, null, List and Map values
 */
public record CallRequest(Principal principal, String tool, Map<String, Object> arguments, RequestContext context) {}
