package dev.vigil.config;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads one YAML file of rules/ into a node tree, or reports why not at the spot: a syntax error at its
 * line:col, and a file that is not UTF-8 text (a binary file, a file in another encoding) at the first byte that
 * is not, instead of a decoder's exception without a position.
 */
final class YamlFiles {
    private YamlFiles() {
    }

    /** What a file held: {@code readable} false when a problem was reported; {@code root} null for an empty file. */
    record Read(boolean readable, Node root) {
    }

    static Read compose(Path path, String displayName, Problems problems) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            problems.error(new Position(displayName, 0, 0), "cannot read: " + e.getMessage());
            return new Read(false, null);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            problems.error(at(displayName, bytes, firstInvalid(bytes)), "not UTF-8 text (expected: a YAML file)");
            return new Read(false, null);
        }
        int nul = text.indexOf('\0');
        if (nul >= 0) {
            problems.error(at(displayName, text.substring(0, nul).getBytes(StandardCharsets.UTF_8), nul),
                    "a NUL character: this is a binary file, not YAML");
            return new Read(false, null);
        }
        try {
            return new Read(true, new Yaml(new LoaderOptions()).compose(new StringReader(text)));
        } catch (MarkedYAMLException e) {
            var mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            problems.error(new Position(displayName, mark.getLine() + 1, mark.getColumn() + 1), "bad YAML: " + e.getProblem());
        } catch (YAMLException e) {
            problems.error(new Position(displayName, 1, 1), "bad YAML: " + e.getMessage());
        }
        return new Read(false, null);
    }

    /** The line and column (1-based, in characters of the valid text before it) of byte {@code offset}. */
    private static Position at(String file, byte[] bytes, int offset) {
        String before = new String(bytes, 0, Math.min(offset, bytes.length), StandardCharsets.UTF_8);
        int line = 1 + (int) before.chars().filter(c -> c == '\n').count();
        int col = before.length() - before.lastIndexOf('\n');
        return new Position(file, line, col);
    }

    /** The offset of the first byte that does not start or continue a well-formed UTF-8 sequence. */
    private static int firstInvalid(byte[] bytes) {
        int i = 0;
        while (i < bytes.length) {
            int b = bytes[i] & 0xff;
            int length = b < 0x80 ? 1 : b >= 0xC2 && b <= 0xDF ? 2 : b >= 0xE0 && b <= 0xEF ? 3 : b >= 0xF0 && b <= 0xF4 ? 4 : 0;
            if (length == 0 || i + length > bytes.length) {
                return i;
            }
            for (int k = 1; k < length; k++) {
                if ((bytes[i + k] & 0xC0) != 0x80) {
                    return i;
                }
            }
            i += length;
        }
        return 0; // well-formed by this count (the decoder refused a finer point, e.g. a surrogate): say line 1
    }
}
