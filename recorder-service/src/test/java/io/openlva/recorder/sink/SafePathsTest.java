package io.openlva.recorder.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class SafePathsTest {

    private final Path base = Path.of("/var/media");

    @Test
    void relativeNamesStayUnderTheBase() {
        assertThat(SafePaths.resolve(base, "evr-cam1-20260101T000000Z.mp4"))
                .isEqualTo(Path.of("/var/media/evr-cam1-20260101T000000Z.mp4"));
        assertThat(SafePaths.resolve(base, "site/cam1/a.mp4")).isEqualTo(Path.of("/var/media/site/cam1/a.mp4"));
    }

    @Test
    void escapesAreRefused() {
        assertThatThrownBy(() -> SafePaths.resolve(base, "../etc/passwd")).hasMessageContaining("..");
        assertThatThrownBy(() -> SafePaths.resolve(base, "a/../../x")).hasMessageContaining("..");
        assertThatThrownBy(() -> SafePaths.resolve(base, "a\\..\\..\\x")).hasMessageContaining("..");
        assertThatThrownBy(() -> SafePaths.resolve(base, "/etc/cron.d/x")).hasMessageContaining("relative");
        assertThatThrownBy(() -> SafePaths.resolve(base, "C:\\x")).hasMessageContaining("relative");
        assertThatThrownBy(() -> SafePaths.resolve(base, "a\nb")).hasMessageContaining("control");
        assertThatThrownBy(() -> SafePaths.resolve(base, "a\u0000b")).hasMessageContaining("control");
        assertThatThrownBy(() -> SafePaths.resolve(base, " ")).hasMessageContaining("empty");
        assertThatThrownBy(() -> SafePaths.resolve(base, ".")).hasMessageContaining("escapes");
    }

    @Test
    void baseDirectoriesMustBeAbsolute() {
        assertThat(SafePaths.baseDirectory("/var/media/../media2")).isEqualTo(Path.of("/var/media2"));
        assertThatThrownBy(() -> SafePaths.baseDirectory("media")).hasMessageContaining("absolute");
        assertThatThrownBy(() -> SafePaths.baseDirectory("/var/\tmedia")).hasMessageContaining("control");
    }
}
