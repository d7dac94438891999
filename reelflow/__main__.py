from reelflow.main import main

main()
