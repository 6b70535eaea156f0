SELECT E'\'' , U&'\0041', $a$ $b$ x $b$ $a$, "q""x" /* a /* b */ c */ -- end
SELECT 'unterminated