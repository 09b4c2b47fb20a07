package io.inbetween.training.data;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The photos of {@code <media>/textures}, loaded once and scaled to about 480p scale. */
final class TextureLibrary {
    private static final Logger log = LoggerFactory.getLogger(TextureLibrary.class);
    /** A 1024-pixel side puts a photo at roughly the scale of a 854x480 frame. */
    static final int MAX_SIDE = 1024;
    /** Smaller pictures would only show mirrored copies of themselves. */
    static final int MIN_SIDE = 128;
    /** mate-backgrounds ships some photos at several sizes (Elephants_3840x2160.jpg): keep one. */
    private static final Pattern SIZE_VARIANT = Pattern.compile(".*_\\d+x\\d+\\.[a-zA-Z]+");

    private TextureLibrary() {}

    static List<Texture> load(Path dir) {
        if (!Files.isDirectory(dir)) throw new IllegalStateException("no texture folder " + dir + ": run scripts/fetch-media.sh textures");
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(TextureLibrary::isPhoto).filter(p -> !SIZE_VARIANT.matcher(p.getFileName().toString()).matches()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        long start = System.nanoTime();
        // Decoding big JPEGs dominates: use both cores; the order stays the sorted file order.
        List<Texture> textures = files.parallelStream().map(TextureLibrary::read).filter(t -> Math.min(t.width, t.height) >= MIN_SIDE).toList();
        if (textures.size() < 2) throw new IllegalStateException("need at least 2 textures in " + dir + ", found " + textures.size() + ": run scripts/fetch-media.sh textures");
        log.info("loaded {} textures from {} in {} ms", textures.size(), dir, (System.nanoTime() - start) / 1_000_000);
        return textures;
    }

    private static boolean isPhoto(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(p) && (name.endsWith(".jpg") || name.endsWith(".jpeg") || name.endsWith(".png"));
    }

    private static Texture read(Path file) {
        try {
            BufferedImage image = ImageIO.read(file.toFile());
            if (image == null) throw new IllegalStateException("not an image ImageIO can read: " + file);
            return Texture.of(file.getFileName().toString(), image, MAX_SIDE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read texture " + file + ": " + e.getMessage(), e);
        }
    }
}
