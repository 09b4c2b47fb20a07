package io.inbetween.training;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The run's records in its output folder: loss.csv (one row per iteration), validation.csv (one
 * row per validation) and loss.png (both as curves). On resume, rows at or after the checkpoint's
 * iteration are dropped first, so the files always match the checkpoint.
 */
final class TrainingLog implements AutoCloseable {
    static final String LOSS = "loss.csv", VALIDATION = "validation.csv", PLOT = "loss.png";
    private static final String LOSS_HEADER = "iteration,stage,loss,learning_rate,grad_norm,seconds";
    private static final String VALIDATION_HEADER = "iteration,stage,triplets,psnr_blend,psnr_k0,steps,psnr_k";
    /** Iterations averaged per point of the loss curve. */
    private static final int SMOOTHING = 100;

    private final Path dir;
    private final BufferedWriter loss, validation;

    TrainingLog(Path dir, long resumeIteration) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir);
        loss = open(dir.resolve(LOSS), LOSS_HEADER, resumeIteration);
        validation = open(dir.resolve(VALIDATION), VALIDATION_HEADER, resumeIteration);
    }

    private static BufferedWriter open(Path file, String header, long keepBefore) throws IOException {
        List<String> kept = new ArrayList<>();
        kept.add(header);
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank() || line.startsWith("iteration")) continue;
                try {
                    if (Long.parseLong(line.substring(0, line.indexOf(','))) < keepBefore) kept.add(line);
                } catch (RuntimeException e) {
                    // a torn last line from a crash: drop it
                }
            }
        }
        Files.write(file, kept, StandardCharsets.UTF_8);
        return Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    void loss(long iteration, TrainingStage stage, double value, float learningRate, double gradNorm, double seconds) {
        write(loss, String.format(Locale.ROOT, "%d,%s,%.6g,%.4g,%.4g,%.3f", iteration, stage.label, value, learningRate, gradNorm, seconds));
    }

    void validation(long iteration, TrainingStage stage, HeldOutScore s) {
        write(validation, String.format(Locale.ROOT, "%d,%s,%d,%.3f,%.3f,%d,%.3f", iteration, stage.label, s.triplets(), s.blend(), s.mu(),
                s.steps(), s.sampled()));
    }

    private static void write(BufferedWriter out, String line) {
        try {
            out.write(line);
            out.newLine();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the training log: " + e.getMessage(), e);
        }
    }

    void flush() throws IOException {
        loss.flush();
        validation.flush();
    }

    /** Renders loss.png: the smoothed loss of each stage (log scale) and the held-out PSNR. */
    void plot() throws IOException {
        flush();
        XYChart lossChart = new XYChartBuilder().width(900).height(420).title("CRVD training loss (mean of " + SMOOTHING + " iterations)")
                .xAxisTitle("iteration").yAxisTitle("loss").build();
        lossChart.getStyler().setYAxisLogarithmic(true);
        lossChart.getStyler().setMarkerSize(0);
        for (TrainingStage stage : TrainingStage.values()) {
            List<Double> x = new ArrayList<>(), y = new ArrayList<>();
            double sum = 0;
            int count = 0;
            for (String[] row : rows(dir.resolve(LOSS))) {
                if (!row[1].equals(stage.label)) continue;
                double v = Double.parseDouble(row[2]);
                if (!Double.isFinite(v) || v <= 0) continue;
                sum += v;
                if (++count == SMOOTHING) {
                    x.add(Double.parseDouble(row[0]));
                    y.add(sum / count);
                    sum = 0;
                    count = 0;
                }
            }
            if (!x.isEmpty()) lossChart.addSeries(stage.label + " stage", x, y).setMarker(SeriesMarkers.NONE);
        }
        XYChart psnr = new XYChartBuilder().width(900).height(420).title("Held-out PSNR").xAxisTitle("iteration").yAxisTitle("dB").build();
        List<Double> it = new ArrayList<>(), blend = new ArrayList<>(), k0 = new ArrayList<>(), kIt = new ArrayList<>(), k = new ArrayList<>();
        String kName = "K>0";
        for (String[] row : rows(dir.resolve(VALIDATION))) {
            double i = Double.parseDouble(row[0]);
            it.add(i);
            blend.add(Double.parseDouble(row[3]));
            k0.add(Double.parseDouble(row[4]));
            double sampled = Double.parseDouble(row[6]);
            if (Double.isFinite(sampled)) {
                kIt.add(i);
                k.add(sampled);
                kName = "K=" + row[5];
            }
        }
        if (!it.isEmpty()) {
            psnr.addSeries("linear blend", it, blend);
            psnr.addSeries("CRVD K=0", it, k0);
            if (!kIt.isEmpty()) psnr.addSeries("CRVD " + kName, kIt, k);
        }
        if (lossChart.getSeriesMap().isEmpty() && psnr.getSeriesMap().isEmpty()) return;
        Path tmp = dir.resolve(PLOT + ".tmp.png");
        List<XYChart> charts = new ArrayList<>();
        if (!lossChart.getSeriesMap().isEmpty()) charts.add(lossChart);
        if (!psnr.getSeriesMap().isEmpty()) charts.add(psnr);
        BitmapEncoder.saveBitmap(charts, charts.size(), 1, tmp.toString(), BitmapEncoder.BitmapFormat.PNG);
        Files.move(tmp, dir.resolve(PLOT), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static List<String[]> rows(Path file) throws IOException {
        List<String[]> out = new ArrayList<>();
        if (!Files.exists(file)) return out;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("iteration")) continue;
            String[] cells = line.split(",");
            if (cells.length >= 6) out.add(cells);
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        loss.close();
        validation.close();
    }
}
