package io.accountshield.streams.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.accountshield.schema.operator.CommandAction;
import io.accountshield.schema.operator.OperatorCommand;
import io.accountshield.schema.operator.ReleaseVerdict;
import io.accountshield.schema.rules.RuleDefinition;
import io.accountshield.streams.lifecycle.CommandCheck;
import io.accountshield.streams.rules.LiveRules;
import io.accountshield.streams.rules.RolloutShare;
import io.accountshield.streams.rules.RuleCheck;
import io.accountshield.streams.rules.RuleFile;
import io.accountshield.streams.rules.RuleParameters;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application's HTTP server: health and metrics (open), the support console's static page
 * (open; it holds no data), and the operator API (bearer token, role per route):
 *
 * <ul>
 *   <li>{@code GET /accounts/{id}}: viewer. The account as its owner instance's stores hold it.</li>
 *   <li>{@code POST /accounts/{id}/release} {@code {"verdict","reason"}}: agent.</li>
 *   <li>{@code POST /accounts/{id}/allowlist} {@code {"reason","until"?}}, {@code DELETE} with {@code {"reason"}}: admin.</li>
 *   <li>{@code GET /whoami}: viewer. Who the token belongs to, for the console.</li>
 * </ul>
 *
 * Commands go through the commands topic, so the account's state machine applies them in order with
 * its events; the API waits a few seconds for the result and answers with it, or 202 if it is not
 * in yet. Every command and its result are on the audit topic; every request is counted and logged.
 */
public final class OperatorApi implements AutoCloseable {

    public static final String FORWARDED_HEADER = "X-Account-Shield-Forwarded";
    static final int MAX_BODY_BYTES = 4 * 1024;
    /** How long a command waits for the account's state machine to apply it before the API answers 202. */
    public static final Duration RESULT_WAIT = Duration.ofSeconds(10);
    private static final Set<String> RELEASE_FIELDS = Set.of("verdict", "reason");
    private static final Set<String> ALLOW_FIELDS = Set.of("reason", "until");
    private static final Set<String> DISALLOW_FIELDS = Set.of("reason");
    private static final Set<String> PUSH_FIELDS = Set.of("id", "counter", "threshold", "window", "enabled", "reason");
    private static final Set<String> PROMOTE_FIELDS = Set.of("share", "reason");
    private static final Set<String> ROLLBACK_FIELDS = Set.of("reason");
    private static final Logger ACCESS = LoggerFactory.getLogger("account-shield.api.access");
    private static final Logger LOG = LoggerFactory.getLogger(OperatorApi.class);

    /** What the API needs from the running application; the lookup and sender are null until Kafka Streams is built. */
    public interface Backend {
        KafkaStreams.State state();

        Lookup lookup();

        Commands commands();

        /** The rules in force here and where changes to them go; null until Kafka Streams is built. */
        default Rules rules() {
            return null;
        }
    }

    /** The rules in force on this instance, the definitions on the topic, and the writer of changes. */
    public interface Rules {
        LiveRules live();

        /** The definition on the protection-rules topic under this key, or null (a configuration rule not written there yet). */
        RuleDefinition definition(String key);

        RuleChanges changes();

        /** What each rule did in shadow over the last hour, every instance's decisions together. */
        ShadowTally.Tally shadowLastHour();
    }

    /** Finds an account here, or says which instance has it. */
    public interface Lookup {
        AccountLookup.Result find(String accountId);

        HostInfo self();
    }

    /** Where commands go: the commands topic. */
    public interface Commands {
        /** @throws CommandSender.CommandNotSent when it could not be written */
        void send(OperatorCommand command);
    }

    private final Javalin server;
    private final OperatorTokens tokens;
    private final Backend backend;
    private final InstantSource clock;
    private final Duration resultWait;
    private final MeterRegistry metrics;
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            // A body says each thing once and nothing after it: {"verdict":"lifted","verdict":"wrongful"} is refused.
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    /** The latest instant an allowlist entry may run to; later ones overflow a timestamp. */
    private static final Instant LATEST_UNTIL = Instant.parse("9999-12-31T23:59:59Z");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public OperatorApi(String host, int port, OperatorTokens tokens, Backend backend, PrometheusMeterRegistry metrics, InstantSource clock,
                       Duration resultWait) {
        this.resultWait = resultWait;
        this.tokens = tokens;
        this.backend = backend;
        this.clock = clock;
        this.metrics = metrics;
        this.server = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = 64 * 1024;
            config.http.prefer405over404 = true;
            config.staticFiles.add(files -> {
                files.hostedPath = "/console";
                files.directory = "/console";
                files.location = Location.CLASSPATH;
                files.headers = java.util.Map.of("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'",
                        "X-Content-Type-Options", "nosniff", "Cache-Control", "no-store");
            });
            config.routes.get("/", ctx -> ctx.redirect("/console/"));
            config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
            config.routes.get("/health/live", ctx -> {
                KafkaStreams.State state = backend.state();
                boolean alive = state != KafkaStreams.State.ERROR && state != KafkaStreams.State.NOT_RUNNING
                        && state != KafkaStreams.State.PENDING_ERROR;
                ctx.status(alive ? 200 : 503).contentType("text/plain; charset=utf-8").result(state.name() + "\n");
            });
            config.routes.get("/health/ready", ctx -> {
                KafkaStreams.State state = backend.state();
                ctx.status(state == KafkaStreams.State.RUNNING ? 200 : 503).contentType("text/plain; charset=utf-8").result(state.name() + "\n");
            });
            // HEAD would answer 200 without running a handler: neither the token nor readiness would be checked.
            config.routes.before(ctx -> {
                if (ctx.method() == io.javalin.http.HandlerType.HEAD) {
                    ctx.header("Allow", "GET");
                    throw new HttpResponseException(405, "HEAD is not served; use GET", java.util.Map.of());
                }
            });
            config.routes.beforeMatched(this::authorise);
            config.routes.get("/whoami", this::whoami, Role.VIEWER);
            config.routes.get("/accounts/{id}", this::show, Role.VIEWER);
            config.routes.post("/accounts/{id}/release", this::release, Role.AGENT);
            config.routes.post("/accounts/{id}/allowlist", this::allow, Role.ADMIN);
            config.routes.delete("/accounts/{id}/allowlist", this::disallow, Role.ADMIN);
            config.routes.get("/rules", this::listRules, Role.VIEWER);
            config.routes.post("/rules", this::pushRule, Role.ADMIN);
            config.routes.post("/rules/{ruleId}/promote", this::promoteRule, Role.ADMIN);
            config.routes.post("/rules/{ruleId}/rollback", this::rollbackRule, Role.ADMIN);
            config.routes.after(this::countAndLog);
            config.routes.exception(BadRequest.class, (e, ctx) -> error(ctx, 400, e.getMessage(), e.field));
            config.routes.exception(Conflict.class, (e, ctx) -> error(ctx, 409, e.getMessage()));
            config.routes.exception(RuleChanges.Refused.class, (e, ctx) -> {
                int status = e.invalid() ? 400 : 409;
                ObjectNode body = json.createObjectNode().put("error", e.getMessage()).put("status", status)
                        .put("changeId", e.outcome().changeId()).put("outcome", "refused; nothing was changed (audited on the rule-changes topic)");
                ctx.status(status).contentType("application/json").result(body.toString());
            });
            config.routes.exception(RuleChanges.NotWritten.class, (e, ctx) -> {
                ctx.header("Retry-After", "2");
                error(ctx, 503, e.getMessage());
            });
            config.routes.exception(Unavailable.class, (e, ctx) -> {
                ctx.header("Retry-After", "2");
                error(ctx, 503, e.getMessage());
            });
            config.routes.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), e.getMessage()));
            config.routes.exception(Exception.class, (e, ctx) -> {
                String incident = UUID.randomUUID().toString();
                LOG.error("operator API failed on {} {} (incident {})", ctx.method(), ctx.path(), incident, e);
                error(ctx, 500, "internal error; the server log has incident " + incident);
            });
            config.routes.error(404, ctx -> {
                if (!ctx.path().startsWith("/console")) {
                    error(ctx, 404, "no such endpoint: " + ctx.method() + " " + ctx.path());
                }
            });
        });
        server.start(host, port);
    }

    public int port() {
        return server.port();
    }

    // --- Security: every route with a role needs a token of that role or above. ---

    private void authorise(Context ctx) {
        Set<io.javalin.security.RouteRole> required = ctx.routeRoles();
        if (required.isEmpty()) {
            return;
        }
        Role role = (Role) required.iterator().next();
        String header = ctx.header("Authorization");
        if (tokens.isEmpty()) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"account-shield\"");
            throw new HttpResponseException(401, "the operator API is closed: no operator tokens are configured (api.tokens)", java.util.Map.of());
        }
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"account-shield\"");
            throw new HttpResponseException(401, "a bearer token is required: send Authorization: Bearer <token>", java.util.Map.of());
        }
        OperatorTokens.Operator operator = tokens.authenticate(header.substring(7).trim()).orElseThrow(() -> {
            ctx.header("WWW-Authenticate", "Bearer realm=\"account-shield\", error=\"invalid_token\"");
            return new HttpResponseException(401, "the bearer token is not valid", java.util.Map.of());
        });
        ctx.attribute("operator", operator);
        if (!operator.role().includes(role)) {
            throw new HttpResponseException(403, operator.name() + " has the " + operator.role().lowerCase() + " role; this needs the "
                    + role.lowerCase() + " role", java.util.Map.of());
        }
    }

    private void countAndLog(Context ctx) {
        String route = route(ctx.path());
        Counter.builder("account.shield.api.requests").description("Operator API and console requests, by route and status")
                .tag("route", route).tag("status", String.valueOf(ctx.statusCode()))
                .register(metrics).increment();
        OperatorTokens.Operator operator = ctx.attribute("operator");
        if (route.startsWith("/accounts") || route.startsWith("/rules") || route.equals("/whoami")) {
            ACCESS.info("{} {} {} by {}", ctx.method(), ctx.path(), ctx.statusCode(), operator == null ? "(no valid token)" : operator.name());
        }
    }

    /** The route a path belongs to, from a short fixed list: a metric's label, never an account id. */
    static String route(String path) {
        if (path.startsWith("/accounts/")) {
            return path.endsWith("/release") ? "/accounts/{id}/release" : path.endsWith("/allowlist") ? "/accounts/{id}/allowlist" : "/accounts/{id}";
        }
        if (path.startsWith("/rules/")) {
            return path.endsWith("/promote") ? "/rules/{id}/promote" : path.endsWith("/rollback") ? "/rules/{id}/rollback" : "other";
        }
        for (String known : List.of("/console", "/health/live", "/health/ready", "/metrics", "/whoami", "/rules")) {
            if (path.startsWith(known)) {
                return known;
            }
        }
        return path.equals("/") ? "/" : "other";
    }

    private static OperatorTokens.Operator operator(Context ctx) {
        return ctx.attribute("operator");
    }

    // --- Routes ---

    private void whoami(Context ctx) {
        OperatorTokens.Operator operator = operator(ctx);
        ObjectNode body = json.createObjectNode().put("name", operator.name()).put("role", operator.role().lowerCase());
        ctx.contentType("application/json").result(body.toString());
    }

    private void show(Context ctx) throws IOException, InterruptedException {
        String accountId = accountId(ctx);
        Answer answer = fetch(ctx, accountId);
        ctx.status(answer.status).contentType("application/json").result(answer.body.toString());
    }

    private void release(Context ctx) throws IOException, InterruptedException {
        String accountId = accountId(ctx);
        JsonNode body = body(ctx, RELEASE_FIELDS);
        ReleaseVerdict verdict = verdict(body);
        String reason = reason(body);
        JsonNode account = currentView(ctx, accountId);
        if (account.path("protection").isNull() || account.path("protection").isMissingNode()) {
            throw new Conflict("account " + accountId + " is not protected (it is " + account.path("state").asText()
                    + "); nothing was changed");
        }
        command(ctx, accountId, CommandAction.RELEASE, reason, verdict, null);
    }

    private void allow(Context ctx) throws IOException, InterruptedException {
        String accountId = accountId(ctx);
        JsonNode body = body(ctx, ALLOW_FIELDS);
        String reason = reason(body);
        Instant until = null;
        if (body.hasNonNull("until")) {
            try {
                until = Instant.parse(text(body, "until"));
            } catch (DateTimeParseException e) {
                throw new BadRequest("until", "until must be an ISO-8601 instant such as 2026-12-31T00:00:00Z");
            }
            if (!until.isAfter(clock.instant()) || until.isAfter(LATEST_UNTIL)) {
                throw new BadRequest("until", "until must be in the future, and before the year 10000");
            }
        }
        command(ctx, accountId, CommandAction.ALLOW, reason, null, until);
    }

    private void disallow(Context ctx) throws IOException, InterruptedException {
        String accountId = accountId(ctx);
        String reason = reason(body(ctx, DISALLOW_FIELDS));
        JsonNode account = currentView(ctx, accountId);
        if (account.path("allowlist").isNull() || account.path("allowlist").isMissingNode()) {
            throw new Conflict("account " + accountId + " is not on the allowlist; nothing was changed");
        }
        command(ctx, accountId, CommandAction.DISALLOW, reason, null, null);
    }

    /** Sends the command and waits for the account's state machine to apply it: 200 with what it did, else 202. */
    private void command(Context ctx, String accountId, CommandAction action, String reason, ReleaseVerdict verdict, Instant until)
            throws IOException, InterruptedException {
        Commands sender = backend.commands();
        if (sender == null) {
            throw new Unavailable("the pipeline is starting; try again shortly");
        }
        OperatorCommand command = new OperatorCommand(UUID.randomUUID().toString(), accountId, action, operator(ctx).name(), reason,
                verdict, until, clock.instant());
        String problem = CommandCheck.problem(accountId, command);
        if (problem != null) {
            throw new BadRequest("body", problem);
        }
        try {
            sender.send(command);
        } catch (CommandSender.CommandNotSent e) {
            throw new Unavailable(e.getMessage());
        }
        long deadline = System.nanoTime() + resultWait.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode view = tryView(ctx, accountId);
            JsonNode applied = view == null ? null : historyEntry(view, command.getCommandId());
            if (applied != null) {
                String result = applied.path("result").asText();
                ObjectNode answer = json.createObjectNode().put("commandId", command.getCommandId()).put("result", result)
                        .put("outcome", applied.path("summary").asText());
                answer.set("account", view);
                // Another agent got there first (the check above saw the account as it was a moment before): nothing changed.
                int status = "APPLIED".equals(result) ? 200 : "REJECTED".equals(result) ? 400 : 409;
                ctx.status(status).contentType("application/json").result(answer.toString());
                return;
            }
            Thread.sleep(100);
        }
        ObjectNode accepted = json.createObjectNode().put("commandId", command.getCommandId())
                .put("outcome", "accepted; not applied yet. The account's history and the audit topic will show it.");
        ctx.status(202).contentType("application/json").result(accepted.toString());
    }

    private static JsonNode historyEntry(JsonNode view, String commandId) {
        for (Iterator<JsonNode> entries = view.path("history").elements(); entries.hasNext(); ) {
            JsonNode entry = entries.next();
            if (commandId.equals(entry.path("commandId").asText(null)) && "command".equals(entry.path("kind").asText())) {
                return entry;
            }
        }
        return null;
    }

    // --- Rules: read by viewers, changed by admins ---

    private Rules rulesBackend() {
        Rules rules = backend.rules();
        if (rules == null) {
            throw new Unavailable("the pipeline is starting; try again shortly");
        }
        return rules;
    }

    private void listRules(Context ctx) {
        Rules rules = rulesBackend();
        ObjectNode body = json.createObjectNode();
        ArrayNode list = body.putArray("rules");
        ShadowTally.Tally shadow = rules.shadowLastHour();
        body.put("shadowLastHourCapped", shadow.capped());
        for (RuleParameters rule : rules.live().inForce()) {
            ObjectNode node = ruleJson(rule);
            node.put("shadowLastHour", shadow.byRule().getOrDefault(rule.id(), 0L));
            String from = rules.live().inForceFrom(rule.id());
            RuleDefinition definition = from == null ? null : rules.definition(from);
            node.put("changedBy", definition == null ? "configuration" : definition.getChangedBy());
            if (definition != null) {
                node.put("changedAt", definition.getChangedAt().toString());
                node.put("note", definition.getNote());
            }
            list.add(node);
        }
        ArrayNode rejected = body.putArray("rejected");
        for (LiveRules.Rejection rejection : rules.live().recentRejections()) {
            rejected.addObject().put("definition", rejection.definitionKey()).put("reason", rejection.reason()).put("at", rejection.at().toString());
        }
        ctx.contentType("application/json").result(body.toString());
    }

    private ObjectNode ruleJson(RuleParameters rule) {
        return json.createObjectNode().put("id", rule.id()).put("version", rule.version()).put("enabled", rule.enabled())
                .put("counter", rule.counter().configName()).put("threshold", rule.threshold()).put("window", rule.window().toString())
                .put("mode", rule.mode().configValue()).put("rollout", rule.rollout().toString());
    }

    private void pushRule(Context ctx) throws InterruptedException {
        JsonNode body = body(ctx, PUSH_FIELDS);
        String reason = reason(body);
        ObjectNode rule = json.createObjectNode();
        String id = text(body, "id");
        if (id == null || !RuleCheck.isRuleId(id)) {
            throw new BadRequest("id", "id is required: 1 to 64 lower-case letters, digits and hyphens");
        }
        rule.put("id", id);
        copyText(body, rule, "counter");
        copyText(body, rule, "window");
        if (body.hasNonNull("threshold")) {
            try {
                rule.put("threshold", Long.parseLong(text(body, "threshold").trim()));
            } catch (NumberFormatException e) {
                throw new BadRequest("threshold", "threshold must be a whole number");
            }
        }
        if (body.hasNonNull("enabled")) {
            String enabled = text(body, "enabled").trim();
            if (!enabled.equals("true") && !enabled.equals("false")) {
                throw new BadRequest("enabled", "enabled must be true or false");
            }
            rule.put("enabled", Boolean.parseBoolean(enabled));
        }
        RuleFile.ProposedRule proposal;
        try {
            proposal = RuleFile.rule(rule, "the rule");
        } catch (io.accountshield.streams.UserInputException e) {
            throw new BadRequest("body", e.getMessage());
        }
        answerChange(ctx, rulesBackend(), rulesBackend().changes().push(proposal, operator(ctx).name(), reason));
    }

    private void promoteRule(Context ctx) throws InterruptedException {
        String ruleId = ruleId(ctx);
        JsonNode body = body(ctx, PROMOTE_FIELDS);
        String reason = reason(body);
        String shareText = text(body, "share");
        if (shareText == null) {
            throw new BadRequest("share", "share is required: the share of accounts to enforce on, such as 10% or 100%");
        }
        RolloutShare share;
        try {
            share = RolloutShare.parse(shareText);
        } catch (IllegalArgumentException e) {
            throw new BadRequest("share", e.getMessage());
        }
        answerChange(ctx, rulesBackend(), rulesBackend().changes().promote(ruleId, share, operator(ctx).name(), reason));
    }

    private void rollbackRule(Context ctx) throws InterruptedException {
        String ruleId = ruleId(ctx);
        String reason = reason(body(ctx, ROLLBACK_FIELDS));
        answerChange(ctx, rulesBackend(), rulesBackend().changes().rollback(ruleId, operator(ctx).name(), reason));
    }

    /** 200 once this instance has the change in force; 202 when it has not within the wait; 409 when another change took its version. */
    private void answerChange(Context ctx, Rules rules, RuleChanges.Outcome outcome) throws InterruptedException {
        ObjectNode answer = json.createObjectNode().put("changeId", outcome.changeId()).put("detail", outcome.detail());
        answer.set("rule", ruleJson(outcome.rule()));
        if (rules.changes().awaitInForce(outcome.rule(), resultWait)) {
            answer.put("outcome", "in force on this instance; the others follow within seconds");
            ctx.status(200);
        } else if (rules.live().inForce(outcome.rule().id()) != null && rules.live().inForce(outcome.rule().id()).version() >= outcome.rule().version()) {
            RuleParameters now = rules.live().inForce(outcome.rule().id());
            answer.put("outcome", now.version() == outcome.rule().version()
                    ? "written, but another change of version " + now.version() + " came first and is in force; see GET /rules"
                    : "written, and already followed by version " + now.version() + " (another change, or the guard); see GET /rules");
            ctx.status(409);
        } else {
            answer.put("outcome", "written; not in force on this instance yet. GET /rules will show it");
            ctx.status(202);
        }
        ctx.contentType("application/json").result(answer.toString());
    }

    private static String ruleId(Context ctx) {
        String ruleId = ctx.pathParam("ruleId");
        if (!RuleCheck.isRuleId(ruleId)) {
            throw new BadRequest("ruleId", "a rule id is 1 to 64 lower-case letters, digits and hyphens");
        }
        return ruleId;
    }

    private static void copyText(JsonNode from, ObjectNode to, String field) {
        if (from.hasNonNull(field)) {
            to.put(field, text(from, field));
        }
    }

    // --- Reading an account here or at its owner ---

    private record Answer(int status, JsonNode body) {
    }

    private JsonNode currentView(Context ctx, String accountId) throws IOException, InterruptedException {
        Answer answer = fetch(ctx, accountId);
        if (answer.status != 200) {
            throw new Unavailable(answer.body.path("error").asText("the account's owner did not answer"));
        }
        return answer.body;
    }

    private JsonNode tryView(Context ctx, String accountId) throws IOException, InterruptedException {
        try {
            return currentView(ctx, accountId);
        } catch (Unavailable e) {
            return null;
        }
    }

    private Answer fetch(Context ctx, String accountId) throws IOException, InterruptedException {
        Lookup lookup = backend.lookup();
        if (lookup == null) {
            throw new Unavailable("the pipeline is starting; try again shortly");
        }
        AccountLookup.Result result = lookup.find(accountId);
        if (result instanceof AccountLookup.Found found) {
            return new Answer(200, json.valueToTree(found.view()));
        }
        if (result instanceof AccountLookup.Unavailable unavailable) {
            throw new Unavailable(unavailable.why());
        }
        HostInfo owner = ((AccountLookup.AtOwner) result).owner();
        if (ctx.header(FORWARDED_HEADER) != null) {
            // Forwarded to us because we owned it a moment ago: ownership is moving, so let the caller retry.
            throw new Unavailable("the account's partition is moving between instances");
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + owner.host() + ":" + owner.port() + "/accounts/"
                        + URLEncoder.encode(accountId, StandardCharsets.UTF_8).replace("+", "%20")))
                .timeout(Duration.ofSeconds(5)).header("Authorization", ctx.header("Authorization"))
                .header(FORWARDED_HEADER, lookup.self().toString()).GET().build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new Unavailable("the instance that owns this account (" + owner.host() + ":" + owner.port() + ") did not answer: " + e);
        }
        JsonNode body;
        try {
            body = json.readTree(response.body());
        } catch (IOException e) {
            throw new Unavailable("the instance that owns this account (" + owner.host() + ":" + owner.port() + ") answered something that is not JSON");
        }
        if (response.statusCode() == 503) {
            throw new Unavailable(body.path("error").asText("the owner is not ready"));
        }
        return new Answer(response.statusCode(), body);
    }

    // --- Validation: every parameter, with the field it is about ---

    private static String accountId(Context ctx) {
        String accountId = ctx.pathParam("id");
        String problem = CommandCheck.accountIdProblem("account id", accountId);
        if (problem != null) {
            throw new BadRequest("id", problem);
        }
        return accountId;
    }

    private JsonNode body(Context ctx, Set<String> fields) {
        String contentType = ctx.contentType();
        if (ctx.contentLength() != 0 && (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json"))) {
            throw new HttpResponseException(415, "send the body as JSON, with Content-Type: application/json", java.util.Map.of());
        }
        if (ctx.header("Content-Encoding") != null && !"identity".equalsIgnoreCase(ctx.header("Content-Encoding"))) {
            throw new HttpResponseException(415, "send the body uncompressed", java.util.Map.of());
        }
        byte[] bytes = ctx.bodyAsBytes();
        if (bytes.length > MAX_BODY_BYTES) {
            throw new BadRequest("body", "body is " + bytes.length + " bytes; at most " + MAX_BODY_BYTES + " are accepted");
        }
        JsonNode body;
        try {
            body = bytes.length == 0 ? json.createObjectNode() : json.readTree(bytes);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new BadRequest("body", "body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadRequest("body", "body cannot be read: " + e.getMessage());
        }
        if (body == null || !body.isObject()) {
            throw new BadRequest("body", "body must be a JSON object with " + String.join(", ", fields));
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!fields.contains(name)) {
                throw new BadRequest(name, "unknown field '" + (name.length() > 40 ? name.substring(0, 40) + "..." : name)
                        + "'; this request takes " + String.join(", ", fields.stream().sorted().toList()));
            }
            if (!body.get(name).isTextual() && !body.get(name).isNull()) {
                throw new BadRequest(name, name + " must be a string");
            }
        }
        return body;
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String reason(JsonNode body) {
        String problem = CommandCheck.reasonProblem(text(body, "reason"));
        if (problem != null) {
            throw new BadRequest("reason", problem);
        }
        return text(body, "reason").strip();
    }

    private static ReleaseVerdict verdict(JsonNode body) {
        String verdict = text(body, "verdict");
        if (verdict == null) {
            throw new BadRequest("verdict", "verdict is required: wrongful (the protection was a mistake) or lifted (it was right but may end now)");
        }
        try {
            return ReleaseVerdict.valueOf(verdict.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequest("verdict", "verdict must be wrongful or lifted");
        }
    }

    private void error(Context ctx, int status, String message) {
        error(ctx, status, message, null);
    }

    private void error(Context ctx, int status, String message, String field) {
        ObjectNode body = json.createObjectNode().put("error", message).put("status", status);
        if (field != null) {
            body.put("field", field);
        }
        ctx.status(status).contentType("application/json").result(body.toString());
    }

    @Override
    public void close() {
        server.stop();
    }

    static final class BadRequest extends RuntimeException {
        final String field;

        BadRequest(String field, String message) {
            super(message, null, false, false);
            this.field = field;
        }
    }

    static final class Conflict extends RuntimeException {
        Conflict(String message) {
            super(message, null, false, false);
        }
    }

    static final class Unavailable extends RuntimeException {
        Unavailable(String message) {
            super(message, null, false, false);
        }
    }
}
