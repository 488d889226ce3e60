package io.streetstation.agent.mission;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Central's crime-prediction map as it arrives: a grid of square cells laid in the flat
 * {@link LocalFrame} of its south-west corner, each with a weight (a probability or a score; only
 * the ratios matter). Row 0 is the southernmost, column 0 the westernmost.
 *
 * @param origin the grid's south-west corner
 * @param cellSizeM the side of a cell, m, 1..{@value #MAX_CELL_SIZE_M}
 * @param rows cells south to north, 1..{@value #MAX_SIDE}
 * @param cols cells west to east, 1..{@value #MAX_SIDE}
 * @param weights row-major ({@code row * cols + col}), {@code rows × cols} of them, each finite and ≥ 0
 */
public record HotspotGrid(GeoPoint origin, double cellSizeM, int rows, int cols, List<Double> weights) {

    public static final int MAX_SIDE = 100;
    public static final double MAX_CELL_SIZE_M = 2000;

    public HotspotGrid {
        Objects.requireNonNull(origin, "origin");
        if (!(cellSizeM >= 1 && cellSizeM <= MAX_CELL_SIZE_M)) {
            throw new IllegalArgumentException("cell size must be 1.." + (int) MAX_CELL_SIZE_M + " m, was " + cellSizeM);
        }
        if (rows < 1 || rows > MAX_SIDE || cols < 1 || cols > MAX_SIDE) {
            throw new IllegalArgumentException("a grid is 1.." + MAX_SIDE + " × 1.." + MAX_SIDE + " cells, was "
                    + rows + " × " + cols);
        }
        weights = List.copyOf(Objects.requireNonNull(weights, "weights"));
        if (weights.size() != rows * cols) {
            throw new IllegalArgumentException("a " + rows + " × " + cols + " grid has " + rows * cols
                    + " weights, had " + weights.size());
        }
        for (int i = 0; i < weights.size(); i++) {
            double w = weights.get(i);
            if (!(w >= 0 && Double.isFinite(w))) {
                throw new IllegalArgumentException("weight of cell row " + i / cols + " col " + i % cols
                        + " must be finite and ≥ 0, was " + w);
            }
        }
        new LocalFrame(origin); // the origin must serve as a frame
    }

    /** A grid from weights indexed {@code [row][col]}, row 0 southernmost; every row as long as the first. */
    public static HotspotGrid of(GeoPoint origin, double cellSizeM, double[][] weightsByRow) {
        int rows = weightsByRow.length;
        int cols = rows == 0 ? 0 : weightsByRow[0].length;
        List<Double> flat = new ArrayList<>(rows * cols);
        for (int r = 0; r < rows; r++) {
            if (weightsByRow[r].length != cols) {
                throw new IllegalArgumentException("row " + r + " has " + weightsByRow[r].length + " weights, row 0 has "
                        + cols);
            }
            for (double w : weightsByRow[r]) {
                flat.add(w);
            }
        }
        return new HotspotGrid(origin, cellSizeM, rows, cols, flat);
    }

    public double weight(int row, int col) {
        return weights.get(index(row, col));
    }

    /** The centre of a cell. */
    public GeoPoint centre(int row, int col) {
        index(row, col);
        return new LocalFrame(origin).toGeo((col + 0.5) * cellSizeM, (row + 0.5) * cellSizeM);
    }

    public double totalWeight() {
        double sum = 0;
        for (double w : weights) {
            sum += w;
        }
        return sum;
    }

    private int index(int row, int col) {
        Objects.checkIndex(row, rows);
        Objects.checkIndex(col, cols);
        return row * cols + col;
    }
}
