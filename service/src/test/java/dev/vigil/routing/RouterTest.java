package dev.vigil.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.label.Labels;
import dev.vigil.label.MatcherParser;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RouterTest {
    private static Route route(String id, String team, boolean cont, List<String> matchers, Route... children) {
        return new Route(id, matchers.stream().map(MatcherParser::parse).toList(), team, List.of("alertname", "service"),
                false, Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofHours(4), cont, true, Arrays.asList(children));
    }

    private static final Route TREE = route("0", "sre", false, List.of(),
            route("0.0", "ingestion", true, List.of("team=\"ingestion\"")),
            route("0.1", "data-quality", false, List.of("team=~\"ingestion|dq\"")),
            route("0.2", "checkout", false, List.of("team=\"checkout\""),
                    route("0.2.0", "checkout-db", false, List.of("service=\"db\""))));

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "team=checkout,service=api  | checkout",
        "team=checkout,service=db   | checkout-db",
        "team=dq                    | data-quality",
        "team=ingestion             | ingestion,data-quality",
        "team=other                 | sre",
        "service=api                | sre",
    })
    void routesAsAlertmanagerDoes(String labels, String teams) {
        List<String> got = new Router(TREE).route(labels(labels)).stream().map(m -> m.route().team()).toList();
        assertThat(got).containsExactly(teams.split(","));
    }

    @ParameterizedTest(name = "{0} and {1} same group: {2}")
    @CsvSource(delimiter = '|', value = {
        "alertname=A,service=x,pod=1 | alertname=A,service=x,pod=2 | true",
        "alertname=A,service=x       | alertname=A,service=y       | false",
        "alertname=A,team=checkout   | alertname=A                 | false",
    })
    void alertsWithTheSameRouteAndGroupByValuesShareAGroup(String a, String b, boolean same) {
        Router r = new Router(TREE);
        assertThat(r.route(labels(a)).get(0).groupKey().equals(r.route(labels(b)).get(0).groupKey())).isEqualTo(same);
    }

    private static Labels labels(String text) {
        String[] parts = text.split(",");
        String[] kv = new String[parts.length * 2];
        for (int i = 0; i < parts.length; i++) {
            String[] p = parts[i].split("=");
            kv[2 * i] = p[0];
            kv[2 * i + 1] = p[1];
        }
        return Labels.of(kv);
    }
}
