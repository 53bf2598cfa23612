package dev.writ.chaos.report;

import dev.writ.chaos.history.EventType;
import dev.writ.chaos.history.Operation;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogarithmicAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The report's plots, drawn headless with JFreeChart: every operation on a timeline (one row per
 * client process), latency of every completed operation, and answers per second, each with the
 * fault periods shaded so a reader sees what a fault did.
 */
public final class Charts {
    private static final int WIDTH = 1100;
    private static final Color OK = new Color(0x2e7d32);
    private static final Color FAIL = new Color(0xc62828);
    private static final Color INFO = new Color(0xef6c00);
    private static final Color FAULT = new Color(255, 0, 0, 40);

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {
    }

    /** Each operation as a bar from invocation to completion, coloured by outcome, one row per process. */
    public static void timeline(List<Operation> ops, List<FaultPeriod> faults, Path png) throws IOException {
        List<String> processes = ops.stream().map(op -> op.invoke().process()).distinct().sorted().toList();
        Map<EventType, XYIntervalSeries> series = new LinkedHashMap<>();
        for (EventType t : List.of(EventType.OK, EventType.FAIL, EventType.INFO)) {
            series.put(t, new XYIntervalSeries(t.name()));
        }
        long end = ops.stream().mapToLong(op -> op.completion().map(c -> c.micros()).orElse(op.invoke().micros()))
                .max().orElse(0);
        for (Operation op : ops) {
            double y = processes.indexOf(op.invoke().process());
            double from = op.invoke().micros() / 1e6;
            double to = Math.max(from + 0.02, (op.completion().isPresent() ? op.completedMicros() : end) / 1e6);
            series.get(op.outcome()).add((from + to) / 2, from, to, y, y - 0.35, y + 0.35);
        }
        XYIntervalSeriesCollection data = new XYIntervalSeriesCollection();
        series.values().forEach(data::addSeries);
        XYBarRenderer renderer = new XYBarRenderer();
        renderer.setUseYInterval(true);
        renderer.setShadowVisible(false);
        renderer.setDrawBarOutline(false);
        renderer.setSeriesPaint(0, OK);
        renderer.setSeriesPaint(1, FAIL);
        renderer.setSeriesPaint(2, INFO);
        renderer.setBarPainter(new org.jfree.chart.renderer.xy.StandardXYBarPainter());
        XYPlot plot = new XYPlot(data, new NumberAxis("seconds since start"),
                new SymbolAxis("process", processes.toArray(String[]::new)), renderer);
        shade(plot, faults);
        save(new JFreeChart("Operations (green OK, red FAIL, orange INFO) and faults", plot), png,
                Math.max(260, 60 + rowHeight(processes.size()) * processes.size()));
    }

    /** 28 px a row for the few processes of a trickle; thinner rows for the many of an open-loop load near capacity. */
    static int rowHeight(int processes) {
        return processes <= 40 ? 28 : Math.max(6, 1120 / processes);
    }

    /** Latency of every completed client operation, per operation kind, log scale. */
    public static void latency(List<Operation> ops, List<FaultPeriod> faults, Path png) throws IOException {
        Map<String, XYSeries> byKind = new TreeMap<>();
        for (Operation op : ops) {
            if (op.invoke().isNemesis() || op.completion().isEmpty()) {
                continue;
            }
            String name = op.invoke().f() + " " + op.outcome().name();
            double ms = Math.max(0.1, (op.completedMicros() - op.invoke().micros()) / 1000.0);
            byKind.computeIfAbsent(name, k -> new XYSeries(k, false, true)).add(op.invoke().micros() / 1e6, ms);
        }
        XYSeriesCollection data = new XYSeriesCollection();
        byKind.values().forEach(data::addSeries);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, true);
        LogarithmicAxis y = new LogarithmicAxis("latency (ms)");
        y.setAllowNegativesFlag(false);
        XYPlot plot = new XYPlot(data, new NumberAxis("seconds since start (invocation)"), y, renderer);
        shade(plot, faults);
        save(new JFreeChart("Latency per operation", plot), png, 420);
    }

    /** Completed operations per second, OK and not OK. */
    public static void throughput(List<Operation> ops, List<FaultPeriod> faults, Path png) throws IOException {
        Map<Long, int[]> perSecond = new TreeMap<>();
        for (Operation op : ops) {
            if (op.invoke().isNemesis() || op.completion().isEmpty()) {
                continue;
            }
            int[] counts = perSecond.computeIfAbsent(op.completedMicros() / 1_000_000, s -> new int[2]);
            counts[op.ok() ? 0 : 1]++;
        }
        XYSeries okSeries = new XYSeries("OK per second");
        XYSeries otherSeries = new XYSeries("FAIL or INFO per second");
        if (!perSecond.isEmpty()) {
            long last = ((TreeMap<Long, int[]>) perSecond).lastKey();
            for (long s = 0; s <= last; s++) {
                int[] c = perSecond.getOrDefault(s, new int[2]);
                okSeries.add(s, c[0]);
                otherSeries.add(s, c[1]);
            }
        }
        XYSeriesCollection data = new XYSeriesCollection(okSeries);
        data.addSeries(otherSeries);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        renderer.setSeriesPaint(0, OK);
        renderer.setSeriesPaint(1, FAIL);
        XYPlot plot = new XYPlot(data, new NumberAxis("seconds since start"), new NumberAxis("operations / s"), renderer);
        shade(plot, faults);
        save(new JFreeChart("Throughput", plot), png, 360);
    }

    private static void shade(XYPlot plot, List<FaultPeriod> faults) {
        List<IntervalMarker> markers = new ArrayList<>();
        for (FaultPeriod f : faults) {
            IntervalMarker m = new IntervalMarker(f.fromMicros() / 1e6, f.toMicros() / 1e6, FAULT);
            m.setLabel(abbreviate(f.description()));
            m.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
            m.setLabelAnchor(RectangleAnchor.TOP_LEFT);
            m.setLabelTextAnchor(TextAnchor.TOP_LEFT);
            markers.add(m);
        }
        markers.forEach(m -> plot.addDomainMarker(m, Layer.BACKGROUND));
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    private static void save(JFreeChart chart, Path png, int height) throws IOException {
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, WIDTH, height);
    }
}
