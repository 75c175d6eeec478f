package io.appnet.controller.karaf;

import io.appnet.controller.Controller;
import io.appnet.controller.rest.AppnetApi;
import io.appnet.controller.rest.HttpRequest;
import io.appnet.controller.rest.HttpResponse;
import io.appnet.controller.rest.JwtTokenVerifier;
import io.appnet.controller.rest.PolicyServerApi;
import io.appnet.controller.rest.QueryString;
import io.appnet.controller.rest.RequestBody;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@link PolicyServerApi} and {@link AppnetApi} through Karaf's HTTP service (Pax Web's whiteboard, port 8181 by default, bound
 * to loopback unless etc/org.ops4j.pax.web.cfg says otherwise). Only the HTTP plumbing lives here.
 */
@Component(service = Servlet.class, configurationPid = "io.appnet.rest", property = {
        "osgi.http.whiteboard.servlet.pattern=/networking/*",
        "osgi.http.whiteboard.servlet.pattern=/appnet/*",
        "osgi.http.whiteboard.servlet.pattern=/health"})
@Designate(ocd = RestComponentConfig.class)
public final class PolicyServerServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(PolicyServerServlet.class);

    private final transient PolicyServerApi api;
    private final transient AppnetApi appnet;

    @Activate
    public PolicyServerServlet(@Reference Controller controller, RestComponentConfig config) {
        List<RSAPublicKey> keys = new ArrayList<>();
        Path signingKey = config.signing_key().isBlank()
                ? Path.of(System.getProperty("karaf.data", "data"), "appnet", "token-signing-key.pem")
                : Path.of(config.signing_key());
        keys.add(TokenKeys.signingKey(signingKey));
        Arrays.stream(config.token_keys().split(",")).map(String::trim).filter(file -> !file.isEmpty())
                .forEach(file -> keys.add(TokenKeys.publicKey(Path.of(file))));
        JwtTokenVerifier tokens = new JwtTokenVerifier(keys, Clock.systemUTC());
        api = new PolicyServerApi(controller.policies(), controller.egress(), controller.model()::network, tokens,
                config.quota());
        appnet = new AppnetApi(controller.policies(), controller.groups(), controller.egress(), controller.firewalls(),
                controller.status(),
                controller.topology(), tokens, config.quota());
        LOG.info("REST API serving /networking/v1/external and /appnet/v1; tokens verified with {} key(s), the controller's own"
                + " signing key in {}", keys.size(), signingKey);
    }

    /**
     * Authentication comes before the body: the handlers read it (capped) only once the token is good. The query
     * is parsed by hand, not with getParameterMap(), which for a form content type (what {@code curl -d} sends)
     * would read the JSON body as form fields.
     */
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Map<String, String> headers = new HashMap<>();
        for (String name : java.util.Collections.list(request.getHeaderNames())) {
            headers.put(name.toLowerCase(Locale.ROOT), request.getHeader(name));
        }
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        HttpResponse answer;
        try {
            HttpRequest parsed = new HttpRequest(request.getMethod(), path, QueryString.parse(request.getQueryString()),
                    headers, RequestBody.reading(request::getInputStream, PolicyServerApi.MAX_BODY_BYTES));
            answer = path.startsWith(AppnetApi.PREFIX + "/") ? appnet.handle(parsed) : api.handle(parsed);
        } catch (QueryString.MalformedQueryException malformed) {
            answer = HttpResponse.error(400, malformed.getMessage());
        } catch (UncheckedIOException unreadable) {
            answer = HttpResponse.error(400, "failed reading request body");
        }
        response.setStatus(answer.status());
        response.setContentType("application/json");
        answer.headers().forEach(response::setHeader); // a Content-Type of the answer's own wins

        response.getOutputStream().write(answer.body().getBytes(StandardCharsets.UTF_8));
    }
}
