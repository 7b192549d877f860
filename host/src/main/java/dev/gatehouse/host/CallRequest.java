package dev.gatehouse.host;

import dev.gatehouse.api.auth.Principal;
import dev.gatehouse.api.gateway.RequestContext;
import java.util.Map;

/**
 * One tool call as it enters stage 2, for a principal the host authenticated itself: built only
 * inside the host, from an {@link dev.gatehouse.api.gateway.Authenticated} it handed out.
 *
 * @param arguments JSON-shaped: String, Number, Boolean, null, List and Map values
 */
record CallRequest(Principal principal, String tool, Map<String, Object> arguments, RequestContext context) {}
