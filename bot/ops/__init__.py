"""Operations: the command line (set-up, training, serving) and the evaluation tools. The top layer."""
