package io.accountshield.sim.evaluate;

import io.accountshield.streams.score.Scorecard;
import java.time.Duration;
import java.util.List;

/** What one case gave: its scorecard, what it misses of the issue's targets, and what it took. */
public record CaseResult(EvaluationCase evaluationCase, Scorecard.Result scorecard, long events, Duration elapsed) {

    public List<String> misses() {
        return DetectionTargets.misses(DetectionTargets.ISSUE, scorecard);
    }

    /** Whether {@code --check} fails on this case: it misses a target that must hold for it. */
    public boolean failsCheck() {
        return evaluationCase.targetsRequired() && !misses().isEmpty();
    }
}
