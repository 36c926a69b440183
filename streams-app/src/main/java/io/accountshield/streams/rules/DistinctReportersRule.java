package io.accountshield.streams.rules;

import io.accountshield.schema.state.AccountActivity;
import io.accountshield.streams.time.DistinctReporterWindow;

/** Fires when enough different people reported the account as spam within the window. */
public final class DistinctReportersRule implements Rule {

    private final RuleParameters parameters;
    private final DistinctReporterWindow reports;

    public DistinctReportersRule(RuleParameters parameters, DistinctReporterWindow reports) {
        this.parameters = parameters;
        this.reports = reports;
    }

    @Override
    public RuleParameters parameters() {
        return parameters;
    }

    @Override
    public long observe(AccountActivity activity) {
        return reports.distinctReporters(activity.getRecentReports(), activity.getLatestEventAtMillis());
    }

    @Override
    public String countedWhat() {
        return "distinct reporters";
    }
}
