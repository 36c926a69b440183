package io.accountshield.streams.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.common.config.ConfigException;

/**
 * Where settings come from, in rising precedence: defaults, the properties file, then environment
 * variables. {@code KAFKA_*} variables become Kafka client and Streams properties
 * ({@code KAFKA_BOOTSTRAP_SERVERS} to {@code bootstrap.servers}); {@code APP_*} variables override
 * this application's own settings ({@code APP_RULE_FRIEND_ADD_BURST_THRESHOLD} to
 * {@code rule.friend-add-burst.threshold}). Pure functions of their inputs, so they are testable
 * without touching the process environment.
 */
public final class ConfigSources {

    static final String KAFKA_PREFIX = "KAFKA_";
    static final String APP_PREFIX = "APP_";

    private ConfigSources() {
    }

    public static Map<String, String> readPropertiesFile(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            throw new ConfigException("configuration file " + file + " does not exist");
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage());
        }
        Map<String, String> settings = new TreeMap<>();
        properties.stringPropertyNames().forEach(name -> settings.put(name, properties.getProperty(name).trim()));
        return settings;
    }

    /**
     * Settings named by environment variables. An {@code APP_} variable must name one of the
     * application's settings: a typo stops the program instead of being ignored.
     */
    public static Map<String, String> fromEnvironment(Map<String, String> environment, Collection<String> appSettingNames) {
        Map<String, String> byEnvironmentName = new HashMap<>();
        for (String name : appSettingNames) {
            byEnvironmentName.put(appVariable(name), name);
        }
        Map<String, String> settings = new TreeMap<>();
        for (Map.Entry<String, String> variable : new TreeMap<>(environment).entrySet()) {
            String key = variable.getKey();
            if (key.startsWith(KAFKA_PREFIX) && key.length() > KAFKA_PREFIX.length()) {
                settings.put(key.substring(KAFKA_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'), variable.getValue());
            } else if (key.startsWith(APP_PREFIX) && key.length() > APP_PREFIX.length()) {
                String name = byEnvironmentName.get(key);
                if (name == null) {
                    throw new ConfigException("environment variable " + key + " names no setting of this application;"
                            + " APP_ variables are the settings in upper case with '.' and '-' as '_', for example "
                            + APP_PREFIX + environmentName(appSettingNames.iterator().next()));
                }
                settings.put(name, variable.getValue());
            }
        }
        return settings;
    }

    /** The variable that sets one of the application's settings: rule.friend-add-burst.threshold is APP_RULE_FRIEND_ADD_BURST_THRESHOLD. */
    public static String appVariable(String settingName) {
        return APP_PREFIX + environmentName(settingName);
    }

    /** rule.friend-add-burst.threshold becomes RULE_FRIEND_ADD_BURST_THRESHOLD. */
    static String environmentName(String settingName) {
        return settingName.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
