package io.accountshield.streams.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.accountshield.streams.CommandFiles;
import io.accountshield.streams.UserInputException;
import io.accountshield.streams.config.AppConfig;
import io.accountshield.streams.rules.LiveRules;
import io.accountshield.streams.rules.RuleCheck;
import io.accountshield.streams.rules.RuleFile;
import io.accountshield.streams.rules.RuleParameters;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What a rule change would change: the same recorded traffic replayed with today's rules and with the
 * proposal (the same replay and topology as {@code replay}), and the accounts whose outcome differs.
 */
public final class RuleDiff {

    /** How an account's outcome changed. */
    public enum Kind {
        NEWLY_PROTECTED("newly protected"),
        NO_LONGER_PROTECTED("no longer protected"),
        PROTECTED_EARLIER("protected earlier"),
        PROTECTED_LATER("protected later");

        private final String words;

        Kind(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }
    }

    /** An account's protections in one run: the first one's event time and rule, and how many. */
    public record Outcome(long firstAppliedAt, String rule, int ruleVersion, String reason, int protections) {
    }

    /** @param today null when today's rules did not protect the account; proposed likewise */
    public record Change(String accountId, Kind kind, Outcome today, Outcome proposed) {
    }

    /** Both sides' rules, and where each run's decisions went. */
    public record Sides(List<RuleParameters> today, List<RuleParameters> proposed, Path todayDecisions, Path proposedDecisions,
                        Replay.Summary todaySummary, Replay.Summary proposedSummary) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RuleDiff() {
    }

    /**
     * Today's rules with the proposal laid over them, each proposed rule checked as an instance checks a
     * definition read from the protection-rules topic.
     */
    public static List<RuleParameters> propose(LiveRules today, List<RuleFile.ProposedRule> proposal, AppConfig config) {
        Map<String, RuleParameters> rules = new LinkedHashMap<>();
        today.inForce().forEach(rule -> rules.put(rule.id(), rule));
        for (RuleFile.ProposedRule proposed : proposal) {
            RuleParameters current = rules.get(proposed.id());
            RuleParameters candidate = proposed.over(current);
            String problem = RuleCheck.problem(candidate, current, today.windows(), config.time().quietPeriod());
            if (problem != null) {
                throw new UserInputException("rule " + proposed.id() + " cannot be used: " + problem);
            }
            rules.put(candidate.id(), candidate);
        }
        return List.copyOf(rules.values());
    }

    /** Replays the events twice, side by side on two threads, into decision files in {@code work}. */
    public static Sides run(AppConfig config, List<RuleParameters> today, List<RuleParameters> proposed, Path events, Path work,
                            Replay.Engine engine) throws Exception {
        Path todayDecisions = work.resolve("today-decisions.jsonl");
        Path proposedDecisions = work.resolve("proposed-decisions.jsonl");
        ExecutorService threads = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "rules-diff-replay");
            thread.setDaemon(true);
            return thread;
        });
        try {
            Future<Replay.Summary> todayRun = threads.submit(() -> replay(config, today, events, todayDecisions, work.resolve("today-state"), engine));
            Future<Replay.Summary> proposedRun = threads.submit(() -> replay(config, proposed, events, proposedDecisions,
                    work.resolve("proposed-state"), engine));
            return new Sides(today, proposed, todayDecisions, proposedDecisions, todayRun.get(), proposedRun.get());
        } finally {
            threads.shutdownNow();
        }
    }

    private static Replay.Summary replay(AppConfig config, List<RuleParameters> rules, Path events, Path decisions, Path stateDir,
                                         Replay.Engine engine) throws IOException {
        Files.createDirectories(stateDir);
        try (BufferedReader input = CommandFiles.openInput(events, "events");
             DecisionJsonWriter out = new DecisionJsonWriter(CommandFiles.openOutput(decisions))) {
            return new Replay(config, stateDir).withEngine(engine).withRules(rules).run(input, out, (line, reason, text) -> { }, null);
        }
    }

    /** Each protected account's outcome in one run's decisions, by account id. */
    public static Map<String, Outcome> outcomes(Path decisions) throws IOException {
        Map<String, Outcome> outcomes = new TreeMap<>();
        try (BufferedReader lines = Files.newBufferedReader(decisions)) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (!line.contains("\"ProtectionApplied\"")) {
                    continue;
                }
                JsonNode applied = MAPPER.readTree(line);
                if (!applied.path("type").asText().equals("ProtectionApplied")) {
                    continue;
                }
                String account = applied.path("accountId").asText();
                Outcome earlier = outcomes.get(account);
                outcomes.put(account, earlier != null
                        ? new Outcome(earlier.firstAppliedAt(), earlier.rule(), earlier.ruleVersion(), earlier.reason(), earlier.protections() + 1)
                        : new Outcome(applied.path("appliedAt").asLong(), applied.path("ruleId").asText(), applied.path("ruleVersion").asInt(),
                                applied.path("reason").asText(), 1));
            }
        }
        return outcomes;
    }

    /** The accounts whose first protection came, went or moved; in account order within each kind. */
    public static List<Change> compare(Map<String, Outcome> today, Map<String, Outcome> proposed) {
        TreeSet<String> accounts = new TreeSet<>(today.keySet());
        accounts.addAll(proposed.keySet());
        List<Change> changes = new ArrayList<>();
        for (String account : accounts) {
            Outcome before = today.get(account);
            Outcome after = proposed.get(account);
            Kind kind = before == null ? Kind.NEWLY_PROTECTED
                    : after == null ? Kind.NO_LONGER_PROTECTED
                    : after.firstAppliedAt() < before.firstAppliedAt() ? Kind.PROTECTED_EARLIER
                    : after.firstAppliedAt() > before.firstAppliedAt() ? Kind.PROTECTED_LATER
                    : null;
            if (kind != null) {
                changes.add(new Change(account, kind, before, after));
            }
        }
        changes.sort(Comparator.comparing(Change::kind));
        return changes;
    }
}
