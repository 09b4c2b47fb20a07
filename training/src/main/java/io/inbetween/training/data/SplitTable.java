package io.inbetween.training.data;

import java.nio.file.Path;
import java.util.List;

/**
 * Prints the train/validation split of the allowed clips as a Markdown table (the one in
 * docs/media.md): per clip its size, frame count, held-out frames and usable windows on each side.
 * <pre>  java -cp ... io.inbetween.training.data.SplitTable [media-dir]</pre>
 */
public final class SplitTable {
    private SplitTable() {}

    public static void main(String[] args) {
        System.out.print(markdown(Path.of(args.length > 0 ? args[0] : "data/media")));
    }

    public static String markdown(Path mediaDir) {
        StringBuilder out = new StringBuilder("| clip | size | frames | held out | training windows (2x+4x) | validation windows (2x+4x) |\n|---|---|---|---|---|---|\n");
        int trainingTotal = 0, validationTotal = 0;
        long bytes = 0;
        for (Path file : AllowedClips.list(mediaDir)) {
            DecodedClip clip = DecodedClip.decode(file);
            WindowContent content = new WindowContent(clip);
            int n = clip.frameCount();
            HeldOut.Block block = HeldOut.block(clip.name(), n);
            List<ClipWindow> training = HeldOut.trainingWindows(clip.name(), n).stream().filter(content::usable).toList();
            List<ClipWindow> validation = HeldOut.candidateWindows(clip.name(), n).stream().filter(content::usable).toList();
            trainingTotal += training.size();
            validationTotal += validation.size();
            bytes += (long) clip.width() * clip.height() * 3 * n;
            out.append(String.format("| %s | %dx%d | %d | %s | %s | %s |%n", clip.name(), clip.width(), clip.height(), n,
                    block.length() == n ? "all (whole clip)" : block.first() + "-" + (block.end() - 1),
                    count(training), count(validation)));
        }
        out.append(String.format("| **total** | | | | %d | %d |%n", trainingTotal, validationTotal));
        out.append(String.format("%nDecoded frames of all allowed clips: %d MiB of RGB24 in memory.%n", bytes >> 20));
        return out.toString();
    }

    private static String count(List<ClipWindow> windows) {
        long twoX = windows.stream().filter(w -> w.last() - w.first() == 2).count();
        return twoX + "+" + (windows.size() - twoX);
    }
}
