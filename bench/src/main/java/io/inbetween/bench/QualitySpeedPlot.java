package io.inbetween.bench;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Quality against speed, one point per method, as a PNG: PSNR on the left, GMSD (which a blurry
 * average cannot win) on the right, speed on a log axis.
 */
public final class QualitySpeedPlot {
    private QualitySpeedPlot() {}

    public static void write(BenchRun run, Path png) {
        Protocol p = run.plotProtocol();
        Resolution r = run.plotResolution();
        List<Summary> points = run.outcomes().stream().map(o -> run.summary(o.method(), p, r))
                .filter(s -> s != null && Double.isFinite(s.fps()) && s.fps() > 0).toList();
        MachineStamp st = run.stamp();
        String task = p.label() + " " + r.label();
        String stamp = String.format(Locale.ROOT, "%s, %s, %d cores %s", st.date(), st.commit(), st.cores(), st.cpuModel());
        XYChart psnr = chart("PSNR, " + task + " (" + stamp + ")", "mean PSNR dB (higher is better)", points, Summary::psnr);
        XYChart gmsd = chart("GMSD, " + task + " (" + run.plan().name() + " run)", "mean GMSD (lower is better)", points, Summary::gmsd);
        try {
            BitmapEncoder.saveBitmap(List.of(psnr, gmsd), 1, 2, png.toString(), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the plot " + png + ": " + e.getMessage(), e);
        }
    }

    private static XYChart chart(String title, String yTitle, List<Summary> points, ToDoubleFunction<Summary> quality) {
        XYChart chart = new XYChartBuilder().width(760).height(560).title(title)
                .xAxisTitle("synthesized frames per second (log scale)").yAxisTitle(yTitle).build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setMarkerSize(14);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setYAxisDecimalPattern("0.###");
        chart.getStyler().setChartTitleFont(chart.getStyler().getChartTitleFont().deriveFont(13f));
        for (Summary s : points)
            chart.addSeries(s.method(), new double[] {s.fps()}, new double[] {quality.applyAsDouble(s)});
        if (!points.isEmpty()) { // room around the points: whole decades of speed, a margin of quality
            double lo = points.stream().mapToDouble(quality).min().orElseThrow(), hi = points.stream().mapToDouble(quality).max().orElseThrow();
            double margin = Math.max(hi - lo, Math.abs(hi) * 0.01) * 0.1;
            chart.getStyler().setYAxisMin(lo - margin).setYAxisMax(hi + margin);
            chart.getStyler().setXAxisMin(Math.pow(10, Math.floor(Math.log10(points.stream().mapToDouble(Summary::fps).min().orElseThrow()))));
            chart.getStyler().setXAxisMax(Math.pow(10, Math.ceil(Math.log10(points.stream().mapToDouble(Summary::fps).max().orElseThrow()))));
        }
        return chart;
    }
}
