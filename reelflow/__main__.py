from reelflow.cli import main

main()
