package dev.hourglass.docs;

import dev.hourglass.client.ClientConfig;
import dev.hourglass.crypto.BlindingConfig;
import dev.hourglass.registration.RegistrationConfig;
import dev.hourglass.cluster.ClusterConfig;
import dev.hourglass.cluster.ClusterMode;
import dev.hourglass.contacts.ContactsConfig;
import dev.hourglass.json.JsonConfig;
import dev.hourglass.ops.ShutdownConfig;
import dev.hourglass.relay.RelayConfig;
import dev.hourglass.rooms.RoomsConfig;
import dev.hourglass.transport.TransportConfig;
import dev.hourglass.time.UnitConfig;
import dev.hourglass.yjs.YjsConfig;
import dev.hourglass.realms.RealmsConfig;
import dev.hourglass.crypto.IdentityConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every configuration key exists in the README's table, with its default. */
class ConfigurationDocumentedTest {

    private static final List<Class<?>> MAPPINGS = List.of(UnitConfig.class, BlindingConfig.class, RegistrationConfig.class,
            TransportConfig.class, RoomsConfig.class, ContactsConfig.class, ClusterMode.class, ClusterConfig.class, ClientConfig.class,
            RelayConfig.class, YjsConfig.class, JsonConfig.class, ShutdownConfig.class, RealmsConfig.class, IdentityConfig.class);

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }

    @Test
    void everyKeyAndDefaultIsInTheReadme() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int keys = 0;
        for (Class<?> mapping : MAPPINGS) {
            String prefix = mapping.getAnnotation(ConfigMapping.class).prefix();
            for (Method method : mapping.getDeclaredMethods()) {
                String key = prefix + "." + kebab(method.getName());
                WithDefault value = method.getAnnotation(WithDefault.class);
                String row = "| `" + key + "` | " + (value == null ? "" : "`" + value.value() + "`");
                assertThat(readme).as("README row for " + key).contains(row);
                keys++;
            }
        }
        assertThat(keys).isGreaterThan(20);
    }
}
