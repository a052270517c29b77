package dev.nabla.cli.csv;

import dev.nabla.storage.DataType;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.io.StringWriter;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

class CsvFilesTest {
    @Test void infersTypesHeaderQuotesAndNulls() {
        CsvData d = CsvFiles.read(new StringReader("""
                id,name,score,ok,day
                1,"Smith, Ann",1.5,true,2024-01-02
                2,,2,false,
                3,"say ""hi""\",,TRUE,2024-02-03
                4,"",3e2,,2024-03-04
                """), CsvOptions.DEFAULT);
        assertThat(d.hadHeader()).isTrue();
        assertThat(d.columnNames()).containsExactly("id", "name", "score", "ok", "day");
        assertThat(d.columnTypes()).containsExactly(DataType.BIGINT, DataType.VARCHAR, DataType.DOUBLE, DataType.BOOLEAN, DataType.DATE);
        assertThat(d.rowCount()).isEqualTo(4);
        assertThat(d.get(0, 1)).isEqualTo("Smith, Ann");
        assertThat(d.get(1, 1)).isNull();
        assertThat(d.get(3, 1)).isEqualTo("");
        assertThat(d.get(2, 1)).isEqualTo("say \"hi\"");
        assertThat(d.get(1, 2)).isEqualTo(2.0);
        assertThat(d.get(2, 2)).isNull();
        assertThat(d.get(2, 3)).isEqualTo(true);
        assertThat(d.get(0, 4)).isEqualTo(LocalDate.of(2024, 1, 2));
    }

    @Test void headerDetection() {
        assertThat(CsvFiles.read(new StringReader("1,2\n3,4\n"), CsvOptions.DEFAULT).hadHeader()).isFalse();
        assertThat(CsvFiles.read(new StringReader("a,b\nx,y\n"), CsvOptions.DEFAULT).hadHeader()).isTrue();
        CsvData forced = CsvFiles.read(new StringReader("a,b\nx,y\n"), CsvOptions.DEFAULT.withHeader(false));
        assertThat(forced.columnNames()).containsExactly("column0", "column1");
        assertThat(forced.rowCount()).isEqualTo(2);
    }

    @Test void roundTrip() {
        CsvData d = CsvFiles.read(new StringReader("k,v\n1,\"a,b\"\n2,\n3,\"\"\n"), CsvOptions.DEFAULT);
        StringWriter w = new StringWriter();
        CsvFiles.write(d, w, CsvOptions.DEFAULT);
        assertThat(w.toString()).isEqualTo("k,v\n1,\"a,b\"\n2,\n3,\"\"\n");
    }

    @Test void tsvByExtension() {
        assertThat(CsvOptions.forFile("x.TSV").separator()).isEqualTo('\t');
        assertThat(CsvOptions.forFile("x.csv").separator()).isEqualTo(',');
    }
}
