package io.fleetban.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

class CoordinatorGridTest {

    @Test
    void shouldRunEveryShapeOfTheIssuesGridOnce() {
        List<CoordinatorGrid.Shape> shapes = CoordinatorGrid.Size.FULL.shapes();

        assertThat(shapes).hasSize(12).doesNotHaveDuplicates();
        assertThat(shapes).extracting(CoordinatorGrid.Shape::instances).containsOnly(1, 2, 3);
        assertThat(shapes).extracting(CoordinatorGrid.Shape::threads).containsOnly(1, 2);
        assertThat(shapes).extracting(CoordinatorGrid.Shape::partitions).containsOnly(6, 12);
        assertThat(CoordinatorGrid.Size.SHORT.shapes())
                .containsExactly(new CoordinatorGrid.Shape(1, 1, 2), new CoordinatorGrid.Shape(2, 1, 2));
    }

    @Test
    void shouldPrintOneRowPerShapeInItsOrderAndATableAtTheEnd() throws Exception {
        StringWriter text = new StringWriter();
        List<CoordinatorGrid.Shape> ran = new ArrayList<>();

        List<String> rows = CoordinatorGrid.run(new PrintWriter(text), CoordinatorGrid.Size.SHORT, shape -> {
            ran.add(shape);
            return new BenchCoordinatorCommand.Result(
                    1000.0 * shape.instances(), 5000, 40, shape.instances() == 1 ? Double.NaN : 90, 20, 90);
        });

        assertThat(ran).isEqualTo(CoordinatorGrid.Size.SHORT.shapes());
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).startsWith("| 1 | 1 | 2 | 1,000 | 5,000 | 40 | - | ");
        assertThat(rows.get(1)).startsWith("| 2 | 1 | 2 | 2,000 | 5,000 | 40 | 90 | ");
        assertThat(text.toString()).contains(CoordinatorGrid.HEADER + System.lineSeparator());
        assertThat(text.toString()).endsWith(rows.get(1) + System.lineSeparator());
    }

    @Test
    void shouldRefuseAShapeOrARebalanceWithTheGrid() {
        for (String[] args : List.of(
                new String[] {"--grid", "--instances", "2"},
                new String[] {"--grid=SHORT", "--partitions", "6"},
                new String[] {"--grid", "--rebalance"})) {
            BenchCoordinatorCommand command = new BenchCoordinatorCommand();
            CommandLine line = new CommandLine(command);
            line.parseArgs(args);

            assertThatThrownBy(command::call)
                    .as(String.join(" ", args))
                    .isInstanceOf(ParameterException.class)
                    .hasMessageContaining("--grid sets");
        }
    }
}
