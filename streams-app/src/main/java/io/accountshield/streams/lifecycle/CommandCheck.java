package io.accountshield.streams.lifecycle;

import io.accountshield.schema.operator.CommandAction;
import io.accountshield.schema.operator.OperatorCommand;

/**
 * What makes an operator command valid, for the API (which answers 400) and the state machine
 * (which audits it as rejected: anyone who can write to the commands topic can send one).
 */
public final class CommandCheck {

    public static final int MAX_REASON_LENGTH = 500;
    public static final int MAX_NAME_LENGTH = 100;

    private CommandCheck() {
    }

    /** What is wrong with an account id, naming the field; null when it is valid (the same as for events). */
    public static String accountIdProblem(String field, String accountId) {
        return Ids.problem(field, accountId);
    }

    /** What is wrong with an operator's reason; null when it is valid. */
    public static String reasonProblem(String reason) {
        if (reason == null || reason.codePoints().allMatch(c -> Character.isWhitespace(c) || Character.getType(c) == Character.FORMAT)) {
            return "reason is required: say why, for the audit trail";
        }
        if (reason.length() > MAX_REASON_LENGTH) {
            return "reason is " + reason.length() + " characters long; at most " + MAX_REASON_LENGTH + " are accepted";
        }
        // It is printed in terminals and consoles: no escape sequences, no broken characters.
        if (reason.codePoints().anyMatch(c -> Character.isISOControl(c) && c != '\n' || Character.getType(c) == Character.SURROGATE)) {
            return "reason must not contain control characters (other than line breaks) or broken characters";
        }
        return null;
    }

    /** What is wrong with this command for the account it is keyed by; null when it is valid. */
    public static String problem(String accountId, OperatorCommand command) {
        if (!accountId.equals(command.getAccountId())) {
            return "accountId " + command.getAccountId() + " does not match the record key " + accountId;
        }
        String problem = accountIdProblem("accountId", command.getAccountId());
        if (problem == null) {
            problem = reasonProblem(command.getReason());
        }
        if (problem == null && (command.getOperator() == null || command.getOperator().isBlank()
                || command.getOperator().length() > MAX_NAME_LENGTH)) {
            problem = "operator must name who issued the command, in at most " + MAX_NAME_LENGTH + " characters";
        }
        if (problem == null && (command.getCommandId() == null || command.getCommandId().isBlank()
                || command.getCommandId().length() > MAX_NAME_LENGTH)) {
            problem = "commandId must be set, in at most " + MAX_NAME_LENGTH + " characters";
        }
        if (problem == null && command.getAction() == CommandAction.RELEASE && command.getVerdict() == null) {
            problem = "verdict is required for a release: wrongful (the protection was a mistake) or lifted (it was right but may end now)";
        }
        if (problem == null && command.getAction() != CommandAction.ALLOW && command.getAllowUntil() != null) {
            problem = "allowUntil is only for allow";
        }
        return problem;
    }
}
