package io.accountshield.streams.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.RocksDB;

/**
 * RocksDB unpacks its native library (about 15 MB) into a temporary file at every start and removes
 * it only when the JVM exits normally. A process killed (out of memory, a crash loop) leaves it
 * behind, and the pod's /tmp is a bounded volume that outlives container restarts: enough restarts
 * would fill it and get the pod evicted. The image names one directory for the library, where each
 * start replaces the file instead of adding one.
 */
class RocksDbNativeLibraryTest {

    private static final Path STREAMS_APP_DOCKERFILE = DeployFilesTest.ROOT.resolve("deploy/docker/streams-app.Dockerfile");
    private static final String VARIABLE = "ROCKSDB_SHAREDLIB_DIR";

    @Test
    void shouldKeepOneCopyOfTheNativeLibraryHoweverOftenTheProcessIsKilled(@TempDir Path tmp) throws Exception {
        assertThat(DeployFilesTest.instructions(STREAMS_APP_DOCKERFILE, "ENV").stream().map(env -> String.join(" ", env)).toList())
                .as("ENV of the pipeline's image").contains(VARIABLE + "=/tmp");

        for (int start = 0; start < 3; start++) {
            killAfterLoading(Map.of(VARIABLE, tmp.toString()), tmp);
        }

        assertThat(libraries(tmp)).as("native libraries left after three killed starts").hasSize(1);
    }

    /** Without it, each killed start leaves a copy: what the variable is there for. */
    @Test
    void shouldLeaveACopyPerKilledStartWithoutTheDirectory(@TempDir Path tmp) throws Exception {
        for (int start = 0; start < 2; start++) {
            killAfterLoading(Map.of(), tmp);
        }

        assertThat(libraries(tmp)).hasSize(2);
    }

    /**
     * Starts a JVM that loads RocksDB with this environment and java.io.tmpdir, and kills it (SIGKILL)
     * once it has. The child finds no RocksDB library on its library path (so it unpacks one) and
     * takes no options from the environment that this test did not give it.
     */
    private static void killAfterLoading(Map<String, String> environment, Path tmp) throws IOException, InterruptedException {
        Path noLibraries = Files.createDirectories(tmp.resolve("empty-library-path"));
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + tmp, "-Djava.library.path=" + noLibraries, "-cp", System.getProperty("java.class.path"),
                LoadRocksDb.class.getName())
                .redirectErrorStream(true);
        builder.environment().keySet().removeAll(List.of(VARIABLE, "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        try (BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            // A JVM may print a warning of its own first; the child's word is the line that counts.
            List<String> lines = new ArrayList<>();
            String line;
            while ((line = output.readLine()) != null && !line.equals(LoadRocksDb.LOADED)) {
                lines.add(line);
            }
            assertThat(line).as("the child's output %s", lines).isEqualTo(LoadRocksDb.LOADED);
        } finally {
            process.destroyForcibly();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the child ended").isTrue();
        }
    }

    private static List<Path> libraries(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(file -> file.getFileName().toString().startsWith("librocksdbjni")).toList();
        }
    }

    /** The child: loads RocksDB as Kafka Streams does, says so, and waits to be killed. */
    static final class LoadRocksDb {
        static final String LOADED = "loaded";

        public static void main(String[] args) throws InterruptedException {
            RocksDB.loadLibrary();
            System.out.println(LOADED);
            System.out.flush();
            Thread.sleep(TimeUnit.MINUTES.toMillis(1));
        }
    }
}
