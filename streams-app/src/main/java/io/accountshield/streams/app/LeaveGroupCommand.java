package io.accountshield.streams.app;

import io.accountshield.streams.UserInputException;
import io.accountshield.streams.config.AppConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.MemberToRemove;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code streams-app.jar leave-group --instance-id ID}: takes a stopped static member out of the group,
 * so the others take its partitions over now instead of after the session timeout (a scale-down).
 */
@Command(name = "leave-group", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Removes a stopped instance's static membership (instance.id) from the application's consumer group, so the other "
                + "instances take its partitions over at once instead of after session.timeout.ms: for a scale-down or an instance retired. "
                + "Only for an instance that has stopped: a running one would rejoin and cause a second rebalance.")
public final class LeaveGroupCommand implements Callable<Integer> {

    @Option(names = "--instance-id", required = true, paramLabel = "ID", description = "The stopped instance's instance.id (in Kubernetes its pod name).")
    private String instanceId;

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file with application.id and the client settings (security included), as for run.")
    private Path config;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        AppConfig appConfig = AppConfig.load(config, System.getenv(), Map.of());
        Properties properties = appConfig.streamsProperties();
        String group = properties.getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
        PrintWriter out = spec.commandLine().getOut();
        try (Admin admin = Admin.create(ProtectionService.adminProperties(properties))) {
            Collection<MemberDescription> members = admin.describeConsumerGroups(List.of(group)).describedGroups().get(group)
                    .get(ProtectionService.ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).members();
            List<String> threads = streamThreadsOf(instanceId, members.stream().map(MemberDescription::groupInstanceId)
                    .flatMap(Optional::stream).toList());
            if (threads.isEmpty()) {
                out.printf("no static member %s in group %s: nothing to remove%n", instanceId, group);
                out.flush();
                return 0;
            }
            admin.removeMembersFromConsumerGroup(group, new RemoveMembersFromConsumerGroupOptions(threads.stream().map(MemberToRemove::new).toList()))
                    .all().get(ProtectionService.ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            out.printf("removed %s from group %s; the other instances take its partitions over now%n", threads, group);
            out.flush();
            return 0;
        } catch (ExecutionException e) {
            throw new UserInputException("cannot remove " + instanceId + " from group " + group + ": " + e.getCause().getMessage());
        }
    }

    /** Kafka Streams gives each stream thread's consumer the instance id with "-1", "-2", ...: those are the instance's members. */
    static List<String> streamThreadsOf(String instanceId, Collection<String> groupInstanceIds) {
        Pattern thread = Pattern.compile(Pattern.quote(instanceId) + "-\\d+");
        return groupInstanceIds.stream().filter(id -> thread.matcher(id).matches()).sorted().toList();
    }
}
