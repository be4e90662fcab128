package dev.vigil.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import dev.vigil.label.Labels;
import dev.vigil.notify.BoardNotice;
import dev.vigil.notify.IncidentNotice;
import dev.vigil.notify.StepNotice;
import dev.vigil.notify.IncidentUpdate;
import dev.vigil.notify.Notice;
import dev.vigil.notify.TeamNotice;
import java.util.List;
import java.util.Map;

/** JSON columns: label sets, annotations and notices, written and read back the same way by every store. */
final class StoreJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new Jdk8Module());
    private static final String TYPE = "type";
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {
    };

    private StoreJson() {
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /**
     * A notice with a {@code type} ({@code incident}, {@code update} or {@code team}); rows written before team notices existed
     * have none and are incident notices.
     */
    static String writeNotice(Notice notice) {
        ObjectNode node = MAPPER.valueToTree(notice);
        node.put(TYPE, notice instanceof TeamNotice ? "team" : notice instanceof IncidentUpdate ? "update"
                : notice instanceof StepNotice ? "step" : notice instanceof BoardNotice ? "board" : "incident");
        return node.toString();
    }

    static Notice readNotice(String json) {
        try {
            ObjectNode node = (ObjectNode) MAPPER.readTree(json);
            JsonNode type = node.remove(TYPE);
            String name = type == null ? "incident" : type.asText();
            Class<? extends Notice> kind = switch (name) {
                case "team" -> TeamNotice.class;
                case "update" -> IncidentUpdate.class;
                case "step" -> StepNotice.class;
                case "board" -> BoardNotice.class;
                default -> IncidentNotice.class;
            };
            return MAPPER.treeToValue(node, kind);
        } catch (JsonProcessingException | ClassCastException e) {
            throw new IllegalStateException("stored JSON is not a notice: " + e.getMessage(), e);
        }
    }

    static Map<String, String> map(String json) {
        try {
            return MAPPER.readValue(json, STRING_MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is not a string map: " + e.getOriginalMessage(), e);
        }
    }

    static List<String> strings(String json) {
        try {
            return MAPPER.readValue(json, STRINGS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is not a list of strings: " + e.getOriginalMessage(), e);
        }
    }

    static Labels labels(String json) {
        return Labels.of(map(json));
    }
}
