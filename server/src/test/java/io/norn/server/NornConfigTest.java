package io.norn.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NornConfigTest {
    @TempDir
    Path dir;

    private NornConfig load(String yaml) throws Exception {
        Path f = dir.resolve("local-config.yaml");
        Files.writeString(f, yaml);
        return NornConfig.load(f);
    }

    @Test
    void readsLokisModernSingleBinaryConfig() throws Exception {
        NornConfig c = load("""
                auth_enabled: false
                server: {http_listen_port: 3200, grpc_listen_port: 9096, log_level: info}
                common:
                  instance_addr: 127.0.0.1
                  path_prefix: /var/lib/loki
                  storage:
                    filesystem: {chunks_directory: /var/lib/loki/chunks, rules_directory: /var/lib/loki/rules}
                  replication_factor: 1
                  ring: {kvstore: {store: inmemory}}
                schema_config:
                  configs:
                    - {from: 2024-04-01, store: tsdb, object_store: filesystem, schema: v13, index: {prefix: index_, period: 24h}}
                limits_config:
                  max_line_size: 512KB
                  max_query_series: 1000
                  query_timeout: 2m
                  split_queries_by_interval: 1h
                  reject_old_samples_max_age: 1w
                  discover_service_name: []
                analytics: {reporting_enabled: false}
                """);
        assertThat(c.authEnabled()).isFalse();
        assertThat(c.httpListenPort()).isEqualTo(3200);
        assertThat(c.httpListenAddress()).isEmpty();
        assertThat(c.dataDir()).isEqualTo(Path.of("/var/lib/loki"));
        assertThat(c.chunksDir()).isEqualTo(Path.of("/var/lib/loki/chunks"));
        assertThat(c.walDir()).isEqualTo(Path.of("/var/lib/loki/wal"));
        assertThat(c.limits().maxLineSizeBytes()).isEqualTo(512 * 1024);
        assertThat(c.limits().maxQuerySeries()).isEqualTo(1000);
        assertThat(c.limits().queryTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.limits().rejectOldSamplesMaxAge()).isEqualTo(Duration.ofDays(7));
        assertThat(c.limits().discoverServiceName()).isEmpty();
    }

    @Test
    void withoutAFileAuthenticationIsOffAndWithOneItIsOnByDefault() throws Exception {
        assertThat(NornConfig.defaults().authEnabled()).isFalse();
        assertThat(NornConfig.defaults().httpListenAddress()).isEqualTo("127.0.0.1");
        assertThat(load("server: {http_listen_port: 3100}\n").authEnabled()).isTrue();
    }

    @Test
    void unknownSectionsAndBadValuesAreRejectedWithTheirNames() {
        assertThatThrownBy(() -> load("bogus_section: {}\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("field bogus_section not found");
        assertThatThrownBy(() -> load("limits_config: {query_timeout: soon, max_line_size: lots}\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("query_timeout").hasMessageContaining("max_line_size");
        assertThatThrownBy(() -> load("server: [1, 2\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("failed parsing config");
    }
}
