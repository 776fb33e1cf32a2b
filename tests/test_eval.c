/*
 * test_eval.c — the metric code of `paperdex eval` on small lists whose
 * figures are worked out by hand below (trec_eval's definitions: gain =
 * grade, discount log2(rank + 1), a grade >= 1 is relevant).
 */
#include <math.h>
#include <stdlib.h>

#include "eval/eval.h"
#include "testutil.h"

#define EPS 1e-9

static void test_metrics_of_a_short_list_match_the_hand_computation(void **state) {
    (void)state;
    /* Ranked grades 2, 0, 1, 0, 0; judged grades 2, 1, 1 (one relevant
     * document never retrieved).
     *   DCG@10  = 2/log2(2) + 1/log2(4)               = 2.5
     *   IDCG@10 = 2/log2(2) + 1/log2(3) + 1/log2(4)   = 3.1309297535714578
     *   nDCG@10 = 2.5 / 3.1309297535714578           = 0.7984848...
     *   AP      = (1/1 + 2/3) / 3                      = 0.5555...
     *   R@100   = 2/3,  P@10 = 2/10 */
    int gains[] = {2, 0, 1, 0, 0};
    int judged[] = {2, 1, 1};
    pdx_eval__scores s;
    pdx_eval__score(&s, gains, 5, judged, 3);
    assert_true(fabs(s.ndcg10 - 2.5 / (2 + 1 / log2(3) + 0.5)) < EPS);
    assert_true(fabs(s.ndcg10 - 0.79848) < 1e-5);
    assert_true(fabs(s.map - (1.0 + 2.0 / 3) / 3) < EPS);
    assert_true(fabs(s.recall100 - 2.0 / 3) < EPS);
    assert_true(fabs(s.p10 - 0.2) < EPS);
}

static void test_hits_past_ten_and_past_a_hundred_count_only_where_they_should(void **state) {
    (void)state;
    /* 150 hits, relevant ones (grade 1) at ranks 11 and 101; two judged.
     *   nDCG@10 = 0, P@10 = 0 (nothing relevant in the top ten)
     *   R@100   = 1/2 (rank 101 is past the cut)
     *   AP      = (1/11 + 2/101) / 2 = 0.0553555... (MAP looks at every hit) */
    int *gains = calloc(150, sizeof *gains);
    gains[10] = 1;
    gains[100] = 1;
    int judged[] = {1, 1};
    pdx_eval__scores s;
    pdx_eval__score(&s, gains, 150, judged, 2);
    assert_true(s.ndcg10 == 0 && s.p10 == 0);
    assert_true(fabs(s.recall100 - 0.5) < EPS);
    assert_true(fabs(s.map - (1.0 / 11 + 2.0 / 101) / 2) < EPS);
    assert_true(fabs(s.map - 0.0553555) < 1e-6);
    free(gains);
}

static void test_non_positive_grades_are_not_relevant(void **state) {
    (void)state;
    /* Judged -1 and 1; ranked -1 first, then the relevant one.
     *   nDCG@10 = (1/log2(3)) / 1 = 0.6309297...
     *   AP = (1/2) / 1, R@100 = 1, P@10 = 1/10 */
    int gains[] = {-1, 1};
    int judged[] = {1, -1};
    pdx_eval__scores s;
    pdx_eval__score(&s, gains, 2, judged, 2);
    assert_true(fabs(s.ndcg10 - 1 / log2(3)) < EPS);
    assert_true(fabs(s.map - 0.5) < EPS);
    assert_true(fabs(s.recall100 - 1) < EPS);
    assert_true(fabs(s.p10 - 0.1) < EPS);
}

static void test_a_query_with_nothing_relevant_scores_zero(void **state) {
    (void)state;
    int gains[] = {0, 0};
    int judged[] = {0};
    pdx_eval__scores s = {1, 1, 1, 1};
    pdx_eval__score(&s, gains, 2, judged, 1);
    assert_true(s.ndcg10 == 0 && s.map == 0 && s.recall100 == 0 && s.p10 == 0);
    pdx_eval__score(&s, NULL, 0, NULL, 0);
    assert_true(s.ndcg10 == 0 && s.map == 0);
}

static void test_the_ideal_list_uses_the_best_ten_grades(void **state) {
    (void)state;
    /* Twelve judged: grade 1 eleven times and one 3, ranked: the 3 at rank
     * 12 (past the cut), ten 1s first.
     *   DCG@10  = sum_{i=1..10} 1/log2(i+1)
     *   IDCG@10 = 3 + sum_{i=2..10} 1/log2(i+1) */
    int gains[12], judged[12];
    for (int i = 0; i < 12; i++)
        gains[i] = judged[i] = 1;
    gains[11] = 3;
    judged[5] = 3;
    double dcg = 0, idcg = 3;
    for (int i = 1; i <= 10; i++)
        dcg += 1 / log2(i + 1);
    for (int i = 2; i <= 10; i++)
        idcg += 1 / log2(i + 1);
    pdx_eval__scores s;
    pdx_eval__score(&s, gains, 12, judged, 12);
    assert_true(fabs(s.ndcg10 - dcg / idcg) < EPS);
    assert_true(fabs(s.p10 - 1) < EPS);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_metrics_of_a_short_list_match_the_hand_computation),
        cmocka_unit_test(test_hits_past_ten_and_past_a_hundred_count_only_where_they_should),
        cmocka_unit_test(test_non_positive_grades_are_not_relevant),
        cmocka_unit_test(test_a_query_with_nothing_relevant_scores_zero),
        cmocka_unit_test(test_the_ideal_list_uses_the_best_ten_grades),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
