package io.accountshield.streams.deploy;

import static io.accountshield.streams.deploy.DeployFilesTest.kubernetesObjects;
import static io.accountshield.streams.deploy.DeployFilesTest.repoPath;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import io.accountshield.streams.deploy.DeployFilesTest.KubernetesObject;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Every object under deploy/kubernetes against the Kubernetes API schema, offline, with the official
 * Java client's model classes: a field the API does not define (a typo, or a field at the wrong
 * level), a missing required field, text where a number belongs or a quantity that does not parse.
 * DeployFilesTest reads only the settings it knows, so such a mistake would otherwise surface first at
 * {@code kubectl apply}, or not at all where client-side validation drops the field.
 */
class KubernetesManifestsSchemaTest {

    /** By "apiVersion kind". A kind not here fails the test: add its model class when a manifest starts using it. */
    private static final Map<String, Class<?>> MODEL_BY_API_VERSION_AND_KIND = Map.of(
            "v1 Namespace", V1Namespace.class,
            "v1 ConfigMap", V1ConfigMap.class,
            "v1 Secret", V1Secret.class,
            "v1 Service", V1Service.class,
            "apps/v1 StatefulSet", V1StatefulSet.class,
            "policy/v1 PodDisruptionBudget", V1PodDisruptionBudget.class);

    /**
     * The Prometheus Operator's PodMonitor is a custom resource, which the client has no model for.
     * DeployFilesTest checks its selector, port and path against the StatefulSet instead.
     */
    private static final String POD_MONITOR = "monitoring.coreos.com/v1 PodMonitor";
    private static final String POD_MONITOR_FOLDER = "deploy/kubernetes/prometheus-operator";

    private static final ObjectMapper JACKSON = new ObjectMapper();

    @Test
    void shouldConformToTheKubernetesApiSchema() {
        List<String> problems = new ArrayList<>();
        Set<String> checkedKinds = new TreeSet<>();
        for (KubernetesObject object : kubernetesObjects(null)) {
            String apiVersionAndKind = apiVersionAndKind(object.node());
            if (apiVersionAndKind.equals(POD_MONITOR) && repoPath(object.file().getParent()).equals(POD_MONITOR_FOLDER)) {
                continue;
            }
            Class<?> model = MODEL_BY_API_VERSION_AND_KIND.get(apiVersionAndKind);
            if (model == null) {
                problems.add(describe(object) + ": no model class known for " + apiVersionAndKind
                        + " (add it to KubernetesManifestsSchemaTest.MODEL_BY_API_VERSION_AND_KIND)");
                continue;
            }
            String problem = schemaProblem(object, model);
            if (problem != null) {
                problems.add(problem);
            }
            checkedKinds.add(object.kind());
        }

        assertThat(problems).as("Kubernetes objects that do not conform to the API schema").isEmpty();
        // So that a file walk that finds nothing cannot pass.
        assertThat(checkedKinds).as("kinds checked against the schema")
                .contains("Namespace", "ConfigMap", "Secret", "Service", "StatefulSet", "PodDisruptionBudget");
    }

    /** The check is worth something only while it fails: each mistake planted in the real StatefulSet. */
    @Test
    void shouldRejectTheStatefulSetWithAMistakePlanted() {
        assertThat(problemInStatefulSetWith(spec -> {
            ObjectNode container = firstContainer(spec);
            container.set("imagePullPolicyy", container.remove("imagePullPolicy"));
        })).as("a misspelt field").contains("StatefulSet streams-app", "`imagePullPolicyy`", "V1Container");

        assertThat(problemInStatefulSetWith(spec -> spec.set("terminationGracePeriodSeconds",
                ((ObjectNode) spec.path("template").path("spec")).remove("terminationGracePeriodSeconds"))))
                .as("a pod field one level too high").contains("`terminationGracePeriodSeconds`", "V1StatefulSetSpec");

        assertThat(problemInStatefulSetWith(spec -> firstContainer(spec).remove("name")))
                .as("a missing required field").contains("required field `name`");

        assertThat(problemInStatefulSetWith(spec -> spec.put("replicas", "two")))
                .as("text where an integer belongs").contains("NumberFormatException", "two");

        assertThat(problemInStatefulSetWith(spec -> ((ObjectNode) firstContainer(spec).path("resources").path("limits")).put("memory", "2GB")))
                .as("a quantity with a suffix Kubernetes does not know").contains("QuantityFormatException");
    }

    /**
     * Null when the object conforms; else its file, kind and name, and the client's message. Reading
     * through the client's own Gson runs the model's validateJsonElement at every level (unknown and
     * missing required fields), then reads the values, which catches what that lets through: text
     * where an integer belongs, a quantity that does not parse.
     */
    private static String schemaProblem(KubernetesObject object, Class<?> model) {
        try {
            JSON.getGson().fromJson(toGson(object.node()), model);
            return null;
        } catch (RuntimeException e) {
            return describe(object) + ": " + e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    private static String problemInStatefulSetWith(Consumer<ObjectNode> editSpec) {
        KubernetesObject statefulSet = kubernetesObjects("StatefulSet").get(0);
        assertThat(schemaProblem(statefulSet, V1StatefulSet.class)).as("the StatefulSet as it is (shouldConformToTheKubernetesApiSchema)").isNull();
        ObjectNode edited = statefulSet.node().deepCopy();
        editSpec.accept((ObjectNode) edited.path("spec"));
        String problem = schemaProblem(new KubernetesObject(statefulSet.file(), edited), V1StatefulSet.class);
        assertThat(problem).as("the schema check of the edited StatefulSet").isNotNull().startsWith(repoPath(statefulSet.file()));
        return problem;
    }

    private static ObjectNode firstContainer(ObjectNode statefulSetSpec) {
        return (ObjectNode) statefulSetSpec.path("template").path("spec").path("containers").get(0);
    }

    private static String apiVersionAndKind(JsonNode object) {
        return object.path("apiVersion").asText() + " " + object.path("kind").asText();
    }

    private static String describe(KubernetesObject object) {
        return repoPath(object.file()) + ": " + object.kind() + " " + object.name();
    }

    /** The client's models read Gson trees, the YAML was read by Jackson: convert through JSON text. */
    private static JsonElement toGson(JsonNode node) {
        try {
            return JsonParser.parseString(JACKSON.writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }
}
