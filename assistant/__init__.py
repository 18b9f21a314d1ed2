"""Answer composition: question understanding, answers from facts, extractive answers, refusals."""
