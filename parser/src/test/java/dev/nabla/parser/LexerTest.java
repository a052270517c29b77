package dev.nabla.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.common.NablaException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LexerTest {

    private static List<TokenType> types(String sql) {
        return Lexer.tokenize(sql).stream().map(Token::type).toList();
    }

    private static List<String> texts(String sql) {
        return Lexer.tokenize(sql).stream()
                .filter(t -> t.type() != TokenType.EOF)
                .map(Token::text)
                .toList();
    }

    @Test
    void keywordsAreCaseInsensitive() {
        List<Token> tokens = Lexer.tokenize("select SeLeCt FROM foo");
        assertThat(tokens.get(0).keyword()).isEqualTo(Keyword.SELECT);
        assertThat(tokens.get(1).keyword()).isEqualTo(Keyword.SELECT);
        assertThat(tokens.get(2).keyword()).isEqualTo(Keyword.FROM);
        assertThat(tokens.get(3).type()).isEqualTo(TokenType.IDENT);
        assertThat(tokens.get(3).keyword()).isNull();
    }

    @Test
    void quotedIdentifiers() {
        assertThat(Lexer.tokenize("\"a \"\"b\"\"\" `c` [d e]"))
                .extracting(Token::type)
                .containsExactly(TokenType.QUOTED_IDENT, TokenType.QUOTED_IDENT, TokenType.QUOTED_IDENT, TokenType.EOF);
        assertThat(texts("\"a \"\"b\"\"\" `c` [d e]")).containsExactly("a \"b\"", "c", "d e");
        // [x] is an array literal or, where a name is expected, the parser reads it as a name
        assertThat(types("[x]"))
                .containsExactly(TokenType.LBRACKET, TokenType.IDENT, TokenType.RBRACKET, TokenType.EOF);
    }

    @Test
    void strings() {
        assertThat(texts("'it''s' '' 'a\nb'")).containsExactly("it's", "", "a\nb");
        assertThat(types("x'0A' X'ff'")).containsExactly(TokenType.BLOB, TokenType.BLOB, TokenType.EOF);
        assertThatThrownBy(() -> Lexer.tokenize("x'0'"))
                .isInstanceOf(NablaException.class)
                .hasMessageContaining("even number");
    }

    @Test
    void numbers() {
        assertThat(texts("1 1.5 .5 1. 1e-3 1E+10 0x1F 1.2.3 1+2"))
                .containsExactly("1", "1.5", ".5", "1.", "1e-3", "1E+10", "0x1F", "1.2", ".3", "1", "+", "2");
        assertThatThrownBy(() -> Lexer.tokenize("SELECT 1abc")).hasMessage("invalid number '1abc'");
        assertThatThrownBy(() -> Lexer.tokenize("SELECT 2e")).hasMessage("invalid number '2e'");
        assertThatThrownBy(() -> Lexer.tokenize("SELECT 0x1G")).hasMessage("invalid number '0x1G'");
        assertThat(Lexer.tokenizeLenient("1abc + 2"))
                .extracting(Token::type)
                .containsExactly(TokenType.ERROR, TokenType.PLUS, TokenType.NUMBER, TokenType.EOF);
        assertThat(types("t1.a")).containsExactly(TokenType.IDENT, TokenType.DOT, TokenType.IDENT, TokenType.EOF);
    }

    @Test
    void operators() {
        assertThat(texts("+ - * / % || = == != <> < <= > >= :: ( ) , ; . ~ & | << >> => [ ]"))
                .containsExactly(
                        "+", "-", "*", "/", "%", "||", "=", "==", "!=", "<>", "<", "<=", ">", ">=", "::", "(", ")", ",",
                        ";", ".", "~", "&", "|", "<<", ">>", "=>", "[", "]");
        assertThat(types("a == b != c <> d"))
                .containsExactly(
                        TokenType.IDENT,
                        TokenType.EQ,
                        TokenType.IDENT,
                        TokenType.NOT_EQ,
                        TokenType.IDENT,
                        TokenType.NOT_EQ,
                        TokenType.IDENT,
                        TokenType.EOF);
    }

    @Test
    void parameters() {
        assertThat(Lexer.tokenize("? ?2 $1 :name a::int"))
                .extracting(Token::type)
                .containsExactly(
                        TokenType.PARAMETER,
                        TokenType.PARAMETER,
                        TokenType.PARAMETER,
                        TokenType.PARAMETER,
                        TokenType.IDENT,
                        TokenType.DOUBLE_COLON,
                        TokenType.IDENT,
                        TokenType.EOF);
    }

    @Test
    void commentsAreSkipped() {
        assertThat(texts("a -- comment\n/* block\n comment */ b--end")).containsExactly("a", "b");
    }

    @Test
    void spansTrackLinesAndColumns() {
        List<Token> t = Lexer.tokenize("SELECT\n  'x\ny' ,\tz");
        assertThat(t.get(1).span().startLine()).isEqualTo(2);
        assertThat(t.get(1).span().startCol()).isEqualTo(3);
        assertThat(t.get(1).span().endLine()).isEqualTo(3);
        assertThat(t.get(1).span().endCol()).isEqualTo(3);
        assertThat(t.get(2).span().startCol()).isEqualTo(4);
        assertThat(t.get(3).span().startCol()).isEqualTo(6);
        assertThat(t.get(3).span().offset()).isEqualTo(17);
    }

    @Test
    void lenientModeKeepsCommentsAndErrors() {
        List<Token> t = Lexer.tokenizeLenient("SELECT 'abc -- x");
        assertThat(t).extracting(Token::type).containsExactly(TokenType.KEYWORD, TokenType.ERROR, TokenType.EOF);
        assertThat(Lexer.tokenizeLenient("a /* open"))
                .extracting(Token::type)
                .containsExactly(TokenType.IDENT, TokenType.ERROR, TokenType.EOF);
        assertThat(Lexer.tokenizeLenient("a -- c\n! b"))
                .extracting(Token::type)
                .containsExactly(TokenType.IDENT, TokenType.COMMENT, TokenType.ERROR, TokenType.IDENT, TokenType.EOF);
        assertThat(Lexer.tokenizeLenient(null)).extracting(Token::type).containsExactly(TokenType.EOF);
    }

    @Test
    void lenientModeNeverThrowsAndCoversTheInput() {
        Random r = new Random(7);
        String alphabet = "abcSELECT 01.e'\"`[]()-/*+!:$?;,\n\t\\x";
        for (int i = 0; i < 3000; i++) {
            StringBuilder sb = new StringBuilder();
            int n = r.nextInt(40);
            for (int k = 0; k < n; k++) sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
            String s = sb.toString();
            List<Token> tokens = Lexer.tokenizeLenient(s);
            assertThat(tokens.getLast().type()).isEqualTo(TokenType.EOF);
            int prevEnd = 0;
            for (Token t : tokens) {
                assertThat(t.span().offset()).as(s).isGreaterThanOrEqualTo(prevEnd);
                assertThat(s.substring(prevEnd, t.span().offset()).isBlank())
                        .as("only whitespace between tokens: " + s)
                        .isTrue();
                prevEnd = t.span().endOffset();
            }
            assertThat(prevEnd).isEqualTo(s.length());
        }
    }

    @Test
    void strictModeErrors() {
        assertThatThrownBy(() -> Lexer.tokenize("'abc")).hasMessage("unterminated string literal");
        assertThatThrownBy(() -> Lexer.tokenize("\"abc")).hasMessage("unterminated quoted identifier");
        assertThatThrownBy(() -> Lexer.tokenize("/* abc")).hasMessage("unterminated comment");
        assertThatThrownBy(() -> Lexer.tokenize("a ^ b")).hasMessage("unexpected character '^'");
    }
}
